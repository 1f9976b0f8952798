// Projection.reads: a runner that let documents go reads those a page of events will ask for in one
// store call per collection, instead of one call per miss; a hint that names the wrong documents
// costs reads, never results.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { salespeopleProjection } from '../../../src/projections/salespeople/projection.js';
import { arbitraryLog } from '../../reports/support/random-log.js';
import { createProjectionRunner, foldAll, type Projection, type ReadModelStore } from '@rapport/core';
import { appendSteps, countsProjection, createMemoryEventStore, createMemoryReadModelStore, liveDocuments, plain, type CountsCollections, type Step } from './support.js';

/** The store, counting its `get` calls and the keys they asked for. */
const counted = (inner: ReadModelStore) => {
  const calls: string[][] = [];
  const store: ReadModelStore = {
    ...inner,
    get: (projection, generation, collection, keys) => {
      calls.push(keys.map((key) => `${collection}/${key}`));
      return inner.get(projection, generation, collection, keys);
    },
  };
  return { store, calls };
};

const withReads = (reads: NonNullable<Projection<CountsCollections>['reads']>): Projection<CountsCollections> => ({ ...countsProjection(), reads });

// Six clients, each touched again and again: far more documents than a cache of two may hold.
const steps: Step[] = Array.from({ length: 60 }, (_, i) => ({ client: (i * 7) % 6, fee: i % 3 === 0 ? 10 : 0 }));

const rebuildWith = async (projection: Projection<CountsCollections>) => {
  const eventStore = createMemoryEventStore();
  const events = await appendSteps(eventStore, steps);
  const inner = createMemoryReadModelStore();
  const { store, calls } = counted(inner);
  const runner = createProjectionRunner({ eventStore, readModelStore: store, projections: [projection], rebuildBatchSize: 4, cacheLimit: 2 });
  await runner.rebuild();
  const once = await foldAll([projection], events);
  expect(await liveDocuments(inner, projection)).toEqual(plain(once.view(projection)));
  return calls;
};

describe('reading ahead what a page of events will ask for (Projection.reads)', () => {
  it('reads the documents it let go of a page at a time, and builds what the fold does', async () => {
    const without = await rebuildWith(countsProjection());
    const ahead = await rebuildWith(withReads((e) => [{ collection: 'streams', key: e.stream }, { collection: 'totals', key: 'all' }]));
    // Without the hint every miss is a call for one key; with it, pages of four events ask for
    // several keys at once, and no handler misses afterwards.
    expect(without.length).toBeGreaterThan(0);
    expect(without.every((keys) => keys.length === 1)).toBe(true);
    expect(ahead.length).toBeLessThan(without.length);
    expect(ahead.some((keys) => keys.length > 1)).toBe(true);
    // Pages of four events: at most one call per page and collection.
    expect(ahead.length).toBeLessThanOrEqual(2 * Math.ceil(steps.length / 4));
  });

  it('still builds what the fold does when the hint names documents the handler never reads, or throws', async () => {
    await rebuildWith(withReads(() => [{ collection: 'streams', key: 'client-C99' }]));
    await rebuildWith(
      withReads(() => {
        throw new Error('a hint that fails');
      }),
    );
  });
});

describe('the salespeople projection declares what it reads', () => {
  it('names every document its handler reads, on any log', () => {
    fc.assert(
      fc.property(arbitraryLog(), (log) => {
        const state = { salespeople: new Map<string, unknown>(), contacts: new Map<string, unknown>() };
        for (const event of log.events) {
          const asked: string[] = [];
          const recording = (name: keyof typeof state): ReadonlyMap<string, unknown> => {
            const map = state[name];
            return { get: (key: string) => (asked.push(`${name}/${key}`), map.get(key)), has: (key: string) => map.has(key) } as unknown as ReadonlyMap<string, unknown>;
          };
          const view = { salespeople: recording('salespeople'), contacts: recording('contacts') } as Parameters<typeof salespeopleProjection.handle>[1];
          const changes = salespeopleProjection.handle(event, view);
          const declared = salespeopleProjection.reads!(event).map(({ collection, key }) => `${collection}/${key}`);
          expect(declared).toEqual(expect.arrayContaining(asked));
          for (const change of changes) state[change.collection].set(change.key, change.doc);
        }
      }),
      { numRuns: 100 },
    );
  });
});
