// What a runner knows of a generation's documents: the ones it read by key or wrote, never the
// whole read model (unless it built the generation from nothing itself). A projection handler is a
// pure, synchronous fold, so a document it asks for and the runner does not hold stops that event
// with DocumentNotCached; the runner reads the document and folds the event again.
import { EntriesMap } from '../../domain/entries-map.js';
import type { StoredDocument } from '../../ports/read-model-store.js';

/** Thrown through a handler when it reads a document the runner has not read yet. */
export class DocumentNotCached extends Error {
  override readonly name = 'DocumentNotCached';
  constructor(
    readonly collection: string,
    readonly key: string,
  ) {
    super(`document ${collection}/${key} is not in memory yet`);
  }
}

/**
 * A DocumentNotCached without a stack trace: the runner catches every one it throws, and a
 * rebuild of a large firm threw tens of thousands (capturing each one's stack took ~9 µs, 2 % of
 * a 1,000,000-event rebuild's profile).
 */
const notCached = (collection: string, key: string): DocumentNotCached => {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new DocumentNotCached(collection, key);
  } finally {
    Error.stackTraceLimit = limit;
  }
};

/**
 * One collection's known documents; `undefined` values are keys known to be absent. Entries are
 * kept in the order they were last used, so the ones trimmed first are those least recently used
 * (a rebuild keeps reading its clients, never again a salesperson's contacts of a past day).
 */
export class CachedCollection extends EntriesMap<unknown> {
  private readonly known = new Map<string, unknown>();
  /**
   * In a generation this runner began empty: the keys it wrote and then trimmed. Every other key
   * not held is absent for sure, so it is answered without reading the store. Null once that
   * cannot be said any more (the collection was dropped whole, or the generation was not fresh).
   */
  private trimmed: Set<string> | null;
  /** Whether a handler ever read this collection; one never read is not worth holding at all. */
  private read = false;

  constructor(
    private readonly name: string,
    fresh: boolean,
    /**
     * Whether a document written is worth holding (Projection.retain). Without it, all are, once
     * a handler has read the collection; with it, the projection has said what it reads.
     */
    private readonly retain?: (change: StoredDocument) => boolean,
  ) {
    super();
    this.trimmed = fresh ? new Set() : null;
  }

  /** Every document of the collection is held: it began empty here and nothing was let go. */
  get complete(): boolean {
    return this.trimmed !== null && this.trimmed.size === 0;
  }

  get(key: string): unknown {
    this.read = true;
    const known = this.known;
    if (known.has(key)) {
      const value = known.get(key);
      // Most recently used last.
      known.delete(key);
      known.set(key, value);
      return value;
    }
    if (this.trimmed !== null && !this.trimmed.has(key)) return undefined;
    throw notCached(this.name, key);
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** Whether a read of `key` would go to the store. Asked for a read a handler declared, so it counts as one. */
  needs(key: string): boolean {
    this.read = true;
    return !this.known.has(key) && (this.trimmed === null || this.trimmed.has(key));
  }

  set(key: string, value: unknown): this {
    if (!this.read && this.retain === undefined) {
      // Never read so far: not worth holding (a projection that only writes would hold all it
      // wrote). Any later read of this collection goes to the store.
      this.forget();
      return this;
    }
    this.known.delete(key);
    if (this.retain?.({ collection: this.name, key, doc: value }) === false) this.trimmed?.add(key);
    else this.known.set(key, value);
    return this;
  }

  /**
   * A document read from the store because a handler asked for it: held whatever `retain` says of
   * documents written, since the handler reads it next. (Another process may have written it: a
   * history chunk it filled, which this runner would never have kept of its own.)
   */
  fetched(key: string, value: unknown): void {
    this.known.delete(key);
    this.trimmed?.delete(key);
    this.known.set(key, value);
  }

  get size(): number {
    return this.whole().size;
  }

  /** Only a complete cache can be iterated: a handler must read documents by key. */
  private whole(): Map<string, unknown> {
    this.read = true;
    if (!this.complete) throw new Error(`collection ${this.name} is read by key: a projection must not iterate it`);
    return this.known;
  }

  *entries(): IterableIterator<[string, unknown]> {
    for (const [key, value] of this.whole()) if (value !== undefined) yield [key, value];
  }

  /** Entries held, absent keys included: what the cache costs in memory. */
  get held(): number {
    return this.known.size;
  }

  /** Lets go of the `count` least recently used entries; later reads of them go to the store. */
  trim(count: number): void {
    let left = count;
    for (const key of this.known.keys()) {
      if (left-- <= 0) break;
      this.known.delete(key);
      this.trimmed?.add(key);
    }
  }

  /** Keys let go of that are still remembered as written (see `trimmed`). */
  get remembered(): number {
    return this.trimmed?.size ?? 0;
  }

  /** Stops remembering which keys were let go of: reads of keys not held all go to the store. */
  unremember(): void {
    if (this.trimmed !== null && this.trimmed.size > 0) this.trimmed = null;
  }

  /** Lets go of everything, keys written included: every later read goes to the store. */
  forget(): void {
    this.known.clear();
    this.trimmed = null;
  }
}

/** The documents of one generation that this process holds. */
export class DocumentCache {
  readonly collections: Readonly<Record<string, CachedCollection>>;

  /**
   * `fresh`: the generation was begun empty by this runner, so every document passes through it.
   * `retain`: whether a document written is worth holding (Projection.retain).
   */
  constructor(names: readonly string[], fresh: boolean, retain?: (change: StoredDocument) => boolean) {
    this.collections = Object.fromEntries(names.map((name) => [name, new CachedCollection(name, fresh, retain)]));
  }

  /** A collection by name; undefined for one the projection does not declare. */
  collection(name: string): CachedCollection | undefined {
    return Object.hasOwn(this.collections, name) ? this.collections[name] : undefined;
  }

  get held(): number {
    let n = 0;
    for (const collection of Object.values(this.collections)) n += collection.held;
    return n;
  }

  /**
   * Called after each batch is committed. Collections no handler has read hold nothing (see
   * CachedCollection.set); past `limit` entries, lets go of the least recently used in each collection, down to
   * three quarters of the limit, so trimming does not recur on every batch.
   */
  settle(limit: number): void {
    const collections = Object.values(this.collections);
    // The keys remembered as let go of are bounded too, at a few times the documents held.
    for (const collection of collections) if (collection.remembered > limit * 4) collection.unremember();
    const held = this.held;
    if (held <= limit) return;
    const keep = Math.floor((limit * 3) / 4) / held;
    for (const collection of collections) collection.trim(collection.held - Math.floor(collection.held * keep));
  }
}
