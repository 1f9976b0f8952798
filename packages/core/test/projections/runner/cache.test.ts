import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DocumentCache, DocumentNotCached } from '../../../src/projections/runner/cache.js';

const notCached = (read: () => unknown): unknown => {
  try {
    read();
  } catch (error) {
    if (error instanceof DocumentNotCached) return `${error.collection}/${error.key}`;
    throw error;
  }
  return 'held';
};

describe('the runner document cache', () => {
  it('in a generation begun empty, answers keys never written as absent without the store', () => {
    const cache = new DocumentCache(['a'], true);
    const a = cache.collections['a']!;
    // A handler reads before it writes (a collection never read holds nothing: see below).
    expect(a.get('k1')).toBeUndefined();
    a.set('k1', { n: 1 });
    expect(a.get('k1')).toEqual({ n: 1 });
    expect(a.get('never')).toBeUndefined();
    expect(a.complete).toBe(true);
    expect([...a.entries()]).toEqual([['k1', { n: 1 }]]);
  });

  it('lets go of the least recently used documents past the limit, and still knows which keys exist', () => {
    const cache = new DocumentCache(['a'], true);
    const a = cache.collections['a']!;
    for (const k of ['k1', 'k2', 'k3', 'k4']) {
      a.get(k);
      a.set(k, k);
    }
    a.get('k1');
    cache.settle(2);
    // Down to three quarters of the limit: k1 was used last, so it stays.
    expect(a.held).toBe(1);
    expect(a.get('k1')).toBe('k1');
    expect(notCached(() => a.get('k2'))).toBe('a/k2');
    expect(notCached(() => a.get('k4'))).toBe('a/k4');
    // Never written: absent, no store read needed.
    expect(a.get('k9')).toBeUndefined();
    // A collection that let documents go can no longer be iterated.
    expect(a.complete).toBe(false);
    expect(() => [...a.entries()]).toThrow(/read by key/);
  });

  it('holds only what the projection says it will read again (Projection.retain), before any read too', () => {
    const cache = new DocumentCache(['a', 'b'], true, ({ collection, key }) => collection === 'b' || !key.endsWith('full'));
    const a = cache.collections['a']!;
    // Written before any read (a batch's overlay answered every read until now): still held.
    a.set('k-open', 1);
    a.set('k-full', 2);
    cache.collections['b']!.set('k-full', 3);
    expect(a.held).toBe(1);
    expect(a.get('k-open')).toBe(1);
    // Let go of, yet known to exist: a read goes to the store rather than answering absent.
    expect(notCached(() => a.get('k-full'))).toBe('a/k-full');
    expect(a.get('k-never')).toBeUndefined();
    expect(cache.collections['b']!.get('k-full')).toBe(3);
  });

  it('holds nothing of a collection no handler reads, and sends a later read to the store', () => {
    const cache = new DocumentCache(['written', 'read'], true);
    const { written, read } = cache.collections as Record<'written' | 'read', NonNullable<(typeof cache.collections)[string]>>;
    expect(read.get('r1')).toBeUndefined();
    written.set('w1', 1);
    read.set('r1', 1);
    // Not even until the batch is settled.
    expect(written.held).toBe(0);
    cache.settle(100);
    expect(written.held).toBe(0);
    expect(read.held).toBe(1);
    // Its keys are not remembered either: any read of it goes to the store.
    expect(notCached(() => written.get('w1'))).toBe('written/w1');
    expect(notCached(() => written.get('w2'))).toBe('written/w2');
  });

  it('in a generation loaded from the store, reads every key not held from the store', () => {
    const cache = new DocumentCache(['a'], false);
    const a = cache.collections['a']!;
    expect(notCached(() => a.get('k'))).toBe('a/k');
    a.set('k', undefined);
    expect(a.get('k')).toBeUndefined();
    expect(a.complete).toBe(false);
  });

  it('throws its DocumentNotCached without capturing a stack, and leaves the process its stack traces', () => {
    const a = new DocumentCache(['a'], false).collections['a']!;
    const before = Error.stackTraceLimit;
    let thrown: unknown;
    try {
      a.get('k');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DocumentNotCached);
    // The header line only: no "    at …" frame was captured.
    expect((thrown as Error).stack).toBe('DocumentNotCached: document a/k is not in memory yet');
    expect(Error.stackTraceLimit).toBe(before);
    expect(new Error('x').stack).toMatch(/\n\s+at /);
  });

  it('never answers from memory what differs from what was last written (any writes, reads and limits)', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('set' as const), key: fc.integer({ min: 0, max: 6 }), value: fc.integer() }),
      fc.record({ kind: fc.constant('get' as const), key: fc.integer({ min: 0, max: 6 }) }),
      fc.record({ kind: fc.constant('settle' as const), limit: fc.integer({ min: 1, max: 5 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), fc.boolean(), (ops, fresh) => {
        const cache = new DocumentCache(['a'], fresh);
        const a = cache.collections['a']!;
        const truth = new Map<string, number>();
        for (const o of ops) {
          if (o.kind === 'set') {
            a.set(`k${o.key}`, o.value);
            truth.set(`k${o.key}`, o.value);
          } else if (o.kind === 'settle') {
            cache.settle(o.limit);
            expect(a.held).toBeLessThanOrEqual(Math.max(o.limit, truth.size));
          } else {
            const key = `k${o.key}`;
            let answer: unknown;
            try {
              answer = a.get(key);
            } catch (error) {
              if (!(error instanceof DocumentNotCached)) throw error;
              // The runner reads the store, which holds what was written.
              a.set(key, truth.get(key));
              answer = a.get(key);
            }
            expect(answer).toBe(truth.get(key));
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
