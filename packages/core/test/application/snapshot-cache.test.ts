// The snapshot cache evicts by second chance (CLOCK): the oldest entry not used since the hand last
// passed it; peek reads without using.
import { describe, expect, it } from 'vitest';
import { emptySnapshot } from '../../src/application/snapshot.js';
import { createSnapshotCache } from '../../src/application/snapshot-cache.js';

const held = (cache: ReturnType<typeof createSnapshotCache>, streams: readonly string[]): string[] =>
  streams.filter((stream) => cache.peek(stream) !== undefined);

describe('createSnapshotCache', () => {
  it('evicts the oldest entry not used since the hand last passed; get uses, peek does not', () => {
    const cache = createSnapshotCache(2);
    cache.set(emptySnapshot('client-A'));
    cache.set(emptySnapshot('client-B'));
    expect(cache.peek('client-A')?.stream).toBe('client-A');
    cache.set(emptySnapshot('client-C'));
    expect(cache.peek('client-A')).toBeUndefined();
    expect(cache.get('client-B')?.stream).toBe('client-B');
    cache.set(emptySnapshot('client-D'));
    expect(cache.peek('client-C')).toBeUndefined();
    expect(cache.peek('client-B')?.stream).toBe('client-B');
    cache.delete('client-B');
    expect(cache.get('client-B')).toBeUndefined();
  });

  it('never evicts the entry it is storing, and never holds more than its capacity', () => {
    const cache = createSnapshotCache(3);
    const streams = Array.from({ length: 50 }, (_, i) => `client-${i}`);
    for (const [i, stream] of streams.entries()) {
      cache.set(emptySnapshot(stream));
      expect(cache.peek(stream)?.stream).toBe(stream);
      // Everything held is in use: the hand must still make room.
      for (const other of held(cache, streams)) cache.get(other);
      expect(held(cache, streams).length).toBe(Math.min(i + 1, 3));
    }
  });

  it('keeps a stream that is used between evictions over ones that are not', () => {
    const cache = createSnapshotCache(3);
    cache.set(emptySnapshot('client-hot'));
    for (let i = 0; i < 20; i++) {
      cache.get('client-hot');
      cache.set(emptySnapshot(`client-cold-${i}`));
      expect(cache.peek('client-hot')?.stream).toBe('client-hot');
    }
  });

  it('replacing a held snapshot keeps one entry for the stream, the newer one', () => {
    const cache = createSnapshotCache(2);
    cache.set(emptySnapshot('client-A'));
    cache.set({ ...emptySnapshot('client-A'), revision: 4 });
    cache.set(emptySnapshot('client-B'));
    expect(cache.peek('client-A')?.revision).toBe(4);
    expect(held(cache, ['client-A', 'client-B'])).toEqual(['client-A', 'client-B']);
  });
});
