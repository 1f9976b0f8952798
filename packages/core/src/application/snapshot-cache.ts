// A bounded cache of stream snapshots, so a busy command path does not re-read a stream for every
// command. Entries may be stale when another process writes: appends are guarded by the exact
// expected revision, and rejections are confirmed against the store (see execute.ts).
//
// Eviction is second chance (CLOCK), an approximation of least recently used: a hit only sets a
// flag. A true LRU on a Map re-inserts the entry on every hit, twice per command, and the holes
// that leaves make the Map rehash; that was most of what the cache cost on the command path.
import type { StreamSnapshot } from './snapshot.js';

export interface SnapshotCache {
  /** The snapshot, marked as used. */
  get(stream: string): StreamSnapshot | undefined;
  /** The snapshot, not marked (for a `set` that follows at once). */
  peek(stream: string): StreamSnapshot | undefined;
  /** Stores the snapshot, marked as used when it replaces one already held. */
  set(snapshot: StreamSnapshot): void;
  delete(stream: string): void;
}

interface Slot {
  snapshot: StreamSnapshot;
  /** Used since the eviction hand last passed: such an entry gets a second chance. */
  used: boolean;
}

export const createSnapshotCache = (capacity: number): SnapshotCache => {
  // Map order is the clock: the hand is always at the oldest entry.
  const slots = new Map<string, Slot>();

  /** Evicts one entry other than `keep` (the one being stored). */
  const evictOne = (keep: string): void => {
    for (const [stream, slot] of slots) {
      slots.delete(stream);
      if (!slot.used && stream !== keep) return;
      // A second chance: to the back, unmarked. Entries re-added during the loop are visited
      // again, so the loop ends at the latest after one pass over the whole cache.
      slot.used = false;
      slots.set(stream, slot);
    }
  };

  return {
    get: (stream) => {
      const slot = slots.get(stream);
      if (slot === undefined) return undefined;
      slot.used = true;
      return slot.snapshot;
    },
    peek: (stream) => slots.get(stream)?.snapshot,
    set: (snapshot) => {
      const slot = slots.get(snapshot.stream);
      if (slot !== undefined) {
        slot.snapshot = snapshot;
        slot.used = true;
        return;
      }
      // Unmarked, so that one pass over many streams does not push out the ones in steady use.
      slots.set(snapshot.stream, { snapshot, used: false });
      if (slots.size > capacity) evictOne(snapshot.stream);
    },
    delete: (stream) => {
      slots.delete(stream);
    },
  };
};
