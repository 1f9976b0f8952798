// The snapshot cache evicts the least recently used stream; peek reads without using.
import { describe, expect, it } from 'vitest';
import { emptySnapshot } from '../../src/application/snapshot.js';
import { createSnapshotCache } from '../../src/application/snapshot-cache.js';

describe('createSnapshotCache', () => {
  it('evicts the least recently used snapshot; get uses, peek does not', () => {
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
});
