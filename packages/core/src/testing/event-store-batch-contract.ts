// The contract's group-commit and property sections: appendBatch atomicity, and laws that must hold
// for any sequence or concurrent mix of appends.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isRight } from 'fp-ts/lib/Either.js';
import { comparePositions, type RecordedEvent } from '../domain/envelope.js';
import { type AppendRequest, type EventStore } from '../ports/event-store.js';
import { verifyChain } from '../integrity/hash.js';
import { conflict, events, newEvent, readAllEvents, stored, withStore, type EventStoreFactory } from './event-store-fixtures.js';

type Batch = NonNullable<EventStore['appendBatch']>;

export const appendBatchContract = (name: string, factory: EventStoreFactory): void => {
  // appendBatch is optional in the port; a store without it skips these, saying why.
  const given = (body: (appendBatch: Batch, store: EventStore) => Promise<void>) => async (context: { skip(note?: string): void }) => {
    await withStore(factory, async (store) => {
      const appendBatch = store.appendBatch;
      if (appendBatch === undefined) return context.skip(`${name} has no appendBatch (no multi-stream transactions)`);
      await body(appendBatch, store);
    })();
  };

  describe(`${name}: appendBatch`, () => {
    it('writes nothing when a later request conflicts', given(async (appendBatch, store) => {
      stored(await store.append({ stream: 'client-X', expected: 'no-stream', events: events(1) }));
      const result = await appendBatch([
        { stream: 'client-X', expected: 0, events: events(2) },
        { stream: 'client-Y', expected: 'no-stream', events: events(1) },
        { stream: 'client-Z', expected: 0, events: events(1) },
      ]);
      expect(conflict(result)).toEqual({ kind: 'StreamConflict', stream: 'client-Z', expected: 0, actual: 'no-stream' });
      expect(await store.readStream('client-X')).toHaveLength(1);
      expect(await store.readStream('client-Y')).toEqual([]);
      expect(await readAllEvents(store)).toHaveLength(1);
    }));

    it('lets a later request to the same stream see the earlier ones', given(async (appendBatch, store) => {
      const written = stored(
        await appendBatch([
          { stream: 'client-A', expected: 'no-stream', events: events(2) },
          { stream: 'client-B', expected: 'no-stream', events: events(1) },
          { stream: 'client-A', expected: 1, events: [newEvent('Third')] },
        ]),
      );
      expect(written.map((e) => [e.stream, e.streamVersion])).toEqual([['client-A', 0], ['client-A', 1], ['client-B', 0], ['client-A', 2]]);
      expect(await readAllEvents(store)).toEqual(written);
      const streamA = await store.readStream('client-A');
      expect(streamA.map((e) => e.type)).toEqual(['Noted', 'Noted', 'Third']);
      expect(verifyChain(streamA)).toBeNull();
    }));

    it('checks a later request against the earlier ones of the same batch', given(async (appendBatch, store) => {
      const result = await appendBatch([
        { stream: 'client-A', expected: 'no-stream', events: events(2) },
        { stream: 'client-A', expected: 'no-stream', events: events(1) },
      ]);
      expect(conflict(result)).toEqual({ kind: 'StreamConflict', stream: 'client-A', expected: 'no-stream', actual: 1 });
      expect(await readAllEvents(store)).toEqual([]);
    }));

    it('accepts an empty batch', given(async (appendBatch) => {
      expect(stored(await appendBatch([]))).toEqual([]);
    }));
  });
};

const STREAMS = ['client-A', 'client-B', 'salesperson-S'] as const;

const appendArbitrary = fc.record({
  stream: fc.constantFrom(...STREAMS),
  count: fc.integer({ min: 0, max: 3 }),
  // 'stale' asks for a revision the stream is not at, which must change nothing.
  expectation: fc.constantFrom('exact', 'exact', 'any', 'stale'),
});

export const propertyContract = (name: string, factory: EventStoreFactory): void => {
  describe(`${name}: laws`, () => {
    it('any sequence of appends and batches reads back in append order with every chain intact', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.array(appendArbitrary, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 5 }), async (commits, batchSize) => {
          await withStore(factory, async (store) => {
            const versions = new Map<string, number>();
            const appended: RecordedEvent[] = [];
            for (const commit of commits) {
              const stale = commit.some((a) => a.expectation === 'stale');
              if (commit.length > 1 && store.appendBatch !== undefined) {
                const planned = new Map(versions);
                const requests = commit.map((a) => {
                  const version = planned.get(a.stream) ?? -1;
                  planned.set(a.stream, version + a.count);
                  return requestFor(a, version);
                });
                const result = await store.appendBatch(requests);
                expect(result._tag).toBe(stale ? 'Left' : 'Right');
                if (isRight(result)) {
                  appended.push(...result.right);
                  for (const [stream, version] of planned) versions.set(stream, version);
                }
                continue;
              }
              for (const a of commit) {
                const version = versions.get(a.stream) ?? -1;
                const result = await store.append(requestFor(a, version));
                expect(result._tag).toBe(a.expectation === 'stale' ? 'Left' : 'Right');
                if (isRight(result)) {
                  appended.push(...result.right);
                  versions.set(a.stream, version + a.count);
                }
              }
            }
            const all = await readAllEvents(store, { batchSize });
            expect(all).toEqual(appended);
            expectIncreasingPositions(all);
            for (const stream of STREAMS) {
              const read = await store.readStream(stream);
              expect(read).toEqual(all.filter((e) => e.stream === stream));
              expect(read.map((e) => e.streamVersion)).toEqual(read.map((_, i) => i));
              expect(verifyChain(read)).toBeNull();
            }
          })();
        }),
        { numRuns: 40 },
      );
    });

    it('concurrent writers to several streams lose no event and keep every chain', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.record({ stream: fc.constantFrom(...STREAMS), count: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 20 }), async (writers) => {
          await withStore(factory, async (store) => {
            const results = await Promise.all(
              writers.map(({ stream, count }, w) => store.append({ stream, expected: 'any', events: Array.from({ length: count }, (_, i) => newEvent('Noted', { w, i })) })),
            );
            const appended = results.flatMap((r) => stored(r)).sort((a, b) => comparePositions(a.position, b.position));
            const all = await readAllEvents(store, { batchSize: 4 });
            expect(all).toEqual(appended);
            expect(all).toHaveLength(writers.reduce((n, w) => n + w.count, 0));
            for (const stream of STREAMS) expect(verifyChain(await store.readStream(stream))).toBeNull();
          })();
        }),
        { numRuns: 25 },
      );
    });
  });
};

/** The request an arbitrary append makes of a stream now at `version` (-1: no stream). */
const requestFor = (a: { stream: string; count: number; expectation: string }, version: number): AppendRequest => {
  const exact = version < 0 ? 'no-stream' : version;
  const expected = a.expectation === 'any' ? 'any' : a.expectation === 'exact' ? exact : version < 0 ? 0 : 'no-stream';
  return { stream: a.stream, expected, events: Array.from({ length: a.count }, (_, i) => newEvent('Noted', { stream: a.stream, n: version + 1 + i })) };
};

const expectIncreasingPositions = (all: readonly RecordedEvent[]): void => {
  for (let i = 1; i < all.length; i++) expect(comparePositions(all[i - 1]!.position, all[i]!.position)).toBeLessThan(0);
};
