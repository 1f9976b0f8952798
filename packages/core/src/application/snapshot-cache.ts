// A bounded, least-recently-used cache of stream snapshots, so a busy command path does not re-read
// a stream for every command. Entries may be stale when another process writes: appends are guarded
// by the exact expected revision, and rejections are confirmed against the store (see execute.ts).
import type { StreamSnapshot } from './snapshot.js';

export interface SnapshotCache {
  /** The snapshot, now the most recently used. */
  get(stream: string): StreamSnapshot | undefined;
  /** The snapshot, its place in the order left as it is (for a `set` that follows at once). */
  peek(stream: string): StreamSnapshot | undefined;
  set(snapshot: StreamSnapshot): void;
  delete(stream: string): void;
}

export const createSnapshotCache = (capacity: number): SnapshotCache => {
  const entries = new Map<string, StreamSnapshot>();
  return {
    get: (stream) => {
      const hit = entries.get(stream);
      if (hit !== undefined) {
        // Map keeps insertion order: re-inserting marks the entry most recently used.
        entries.delete(stream);
        entries.set(stream, hit);
      }
      return hit;
    },
    peek: (stream) => entries.get(stream),
    set: (snapshot) => {
      entries.delete(snapshot.stream);
      entries.set(snapshot.stream, snapshot);
      if (entries.size > capacity) {
        const oldest = entries.keys().next();
        if (oldest.done !== true) entries.delete(oldest.value);
      }
    },
    delete: (stream) => {
      entries.delete(stream);
    },
  };
};
