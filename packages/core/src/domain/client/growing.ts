// What a client's stream gathers (engagement ids, complaints and whether each is resolved), as each
// state of the stream sees it. Copying the set or map at every event made a stream's commands
// quadratic: one client with 25,000 engagements took 23 s to apply, and a single later command 19 s
// to load its stream. Instead the states of one line of history share one log of changes, each
// seeing those made at or before its own step. Only the newest state of a log adds to it in place;
// any other (a state evolved twice, a batch that failed) gets its own copy first, so a branch never
// shows in another.
import { EntriesMap } from '../entries-map.js';

interface Change<V> {
  readonly step: number;
  readonly value: V;
}

interface ChangeLog<V> {
  readonly changes: Map<string, Change<V>[]>;
  /** The step of the newest state built on this log: the one allowed to extend it. */
  tip: number;
}

/** A map that grows one key (or one new value of a key) per step, as a client's events do. */
export class GrowingMap<V> extends EntriesMap<V> {
  private constructor(
    private readonly log: ChangeLog<V>,
    private readonly step: number,
  ) {
    super();
  }

  static empty<V>(): GrowingMap<V> {
    return new GrowingMap<V>({ changes: new Map(), tip: 0 }, 0);
  }

  /** A map holding `entries`, to grow from. */
  static of<V>(entries: Iterable<readonly [string, V]>): GrowingMap<V> {
    let map = GrowingMap.empty<V>();
    for (const [key, value] of entries) map = map.with(key, value);
    return map;
  }

  /** This map with `key` set to `value`; this one is left as it was. */
  with(key: string, value: V): GrowingMap<V> {
    const log = this.log.tip === this.step ? this.log : this.copy();
    const step = this.step + 1;
    const changes = log.changes.get(key);
    if (changes === undefined) log.changes.set(key, [{ step, value }]);
    else changes.push({ step, value });
    log.tip = step;
    return new GrowingMap(log, step);
  }

  /** The key's latest change this state sees: a key changes a few times at most. */
  private seen(key: string): Change<V> | undefined {
    const changes = this.log.changes.get(key);
    if (changes === undefined) return undefined;
    for (let i = changes.length - 1; i >= 0; i--) if (changes[i]!.step <= this.step) return changes[i];
    return undefined;
  }

  get(key: string): V | undefined {
    return this.seen(key)?.value;
  }

  has(key: string): boolean {
    return this.seen(key) !== undefined;
  }

  get size(): number {
    let size = 0;
    for (const key of this.log.changes.keys()) if (this.seen(key) !== undefined) size++;
    return size;
  }

  *entries(): IterableIterator<[string, V]> {
    for (const key of this.log.changes.keys()) {
      const change = this.seen(key);
      if (change !== undefined) yield [key, change.value];
    }
  }


  private copy(): ChangeLog<V> {
    const changes = new Map<string, Change<V>[]>();
    for (const [key, list] of this.log.changes) {
      const seen = list.filter((change) => change.step <= this.step);
      if (seen.length > 0) changes.set(key, seen);
    }
    return { changes, tip: this.step };
  }
}

/** A set that grows one id per step: a GrowingMap of ids to nothing. */
export class GrowingSet implements ReadonlySet<string> {
  private constructor(private readonly ids: GrowingMap<true>) {}

  static empty(): GrowingSet {
    return new GrowingSet(GrowingMap.empty<true>());
  }

  /** A set holding `ids`, to grow from. */
  static of(ids: Iterable<string>): GrowingSet {
    let set = GrowingSet.empty();
    for (const id of ids) set = set.with(id);
    return set;
  }

  /** This set with `id` added; this one is left as it was. */
  with(id: string): GrowingSet {
    return this.ids.has(id) ? this : new GrowingSet(this.ids.with(id, true));
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  get size(): number {
    return this.ids.size;
  }

  *entries(): IterableIterator<[string, string]> {
    for (const id of this.ids.keys()) yield [id, id];
  }

  *keys(): IterableIterator<string> {
    yield* this.ids.keys();
  }

  values(): IterableIterator<string> {
    return this.keys();
  }

  [Symbol.iterator](): IterableIterator<string> {
    return this.keys();
  }

  forEach(callback: (value: string, key: string, set: ReadonlySet<string>) => void, thisArg?: unknown): void {
    for (const id of this.ids.keys()) callback.call(thisArg, id, id, this);
  }
}
