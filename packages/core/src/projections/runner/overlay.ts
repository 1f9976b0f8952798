// A batch's changes kept beside a projection's committed documents: handlers read through the
// overlay (so later events in a batch see earlier ones), and the overlay is merged into the
// committed maps only once the store has the batch. A failed write then leaves the view as it was.
import type { StoredDocument } from '../../ports/read-model-store.js';
import { BATCH_WRITES, type BatchWrites } from '../projection.js';
import { EntriesMap } from '../../domain/entries-map.js';

/** A collection's committed documents: a Map, or a runner's cache of what it read and wrote. */
export interface CommittedCollection extends ReadonlyMap<string, unknown> {
  set(key: string, value: unknown): unknown;
}

/** The committed documents of a projection: collection → key → document. */
export type Collections = Readonly<Record<string, CommittedCollection>>;

export const emptyCollections = (names: readonly string[]): Collections =>
  Object.fromEntries(names.map((name) => [name, new Map<string, unknown>()]));

/** A read-only map: the overlay's entries over the base's. Documents are never deleted. */
class OverlayMap extends EntriesMap<unknown> implements BatchWrites {
  readonly changed = new Map<string, unknown>();

  constructor(private readonly base: ReadonlyMap<string, unknown>) {
    super();
  }

  /** Never reads the base: a runner's cache may not hold the key, and a set must not fail halfway. */
  set(key: string, value: unknown): void {
    this.changed.set(key, value);
  }

  get(key: string): unknown {
    const value = this.changed.get(key);
    return value !== undefined || this.changed.has(key) ? value : this.base.get(key);
  }

  has(key: string): boolean {
    return this.changed.has(key) || this.base.has(key);
  }

  /** Written by this batch: not committed, not cached, seen by no reader (see writtenInBatch). */
  [BATCH_WRITES](key: string): boolean {
    return this.changed.has(key);
  }

  get size(): number {
    let added = 0;
    for (const key of this.changed.keys()) if (!this.base.has(key)) added += 1;
    return this.base.size + added;
  }

  *entries(): MapIterator<[string, unknown]> {
    for (const [key, value] of this.base) yield [key, this.changed.has(key) ? this.changed.get(key) : value];
    for (const entry of this.changed) if (!this.base.has(entry[0])) yield entry;
  }

}

/** One batch's pending changes to one projection. */
export class Overlay {
  private readonly maps: ReadonlyMap<string, OverlayMap>;
  /** What handlers read: the committed documents with this batch's changes on top. */
  readonly view: Readonly<Record<string, ReadonlyMap<string, unknown>>>;

  constructor(private readonly base: Collections) {
    const maps = new Map(Object.entries(base).map(([name, map]) => [name, new OverlayMap(map)] as const));
    this.maps = maps;
    this.view = Object.freeze(Object.fromEntries(maps));
  }

  /** Documents the batch changed so far. */
  get size(): number {
    let n = 0;
    for (const map of this.maps.values()) n += map.changed.size;
    return n;
  }

  /** Whether the collection is one of the projection's. */
  declares(collection: string): boolean {
    return this.maps.has(collection);
  }

  /** Records a change; false when the collection is not one of the projection's. */
  set(collection: string, key: string, doc: unknown): boolean {
    const map = this.maps.get(collection);
    if (map === undefined) return false;
    map.set(key, doc);
    return true;
  }

  /** The last value of every document the batch changed, for the store. */
  changes(): StoredDocument[] {
    const changes: StoredDocument[] = [];
    for (const [collection, map] of this.maps) for (const [key, doc] of map.changed) changes.push({ collection, key, doc });
    return changes;
  }

  /** Moves the changes `keep` picks out of this batch into `next`. */
  carryInto(next: Overlay, keep: (change: StoredDocument) => boolean): void {
    for (const [collection, map] of this.maps) {
      for (const [key, doc] of map.changed) {
        if (!keep({ collection, key, doc })) continue;
        map.changed.delete(key);
        next.set(collection, key, doc);
      }
    }
  }

  /** Makes the batch part of the committed documents: call only after the store has it. */
  mergeInto(): void {
    for (const [collection, map] of this.maps) {
      const base = this.base[collection]!;
      for (const [key, doc] of map.changed) base.set(key, doc);
    }
  }
}
