import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { comparePositions, parkedIn, type LogPosition, foldAll, createProjectionRunner } from '@rapport/core';
import type { Projection } from '@rapport/core';
import {
  appendSteps,
  at,
  countsProjection,
  createMemoryEventStore,
  createMemoryReadModelStore,
  feesProjection,
  instrumented,
  newEvent,
  liveDocument,
  liveDocuments,
  plain,
  stored,
  type CountsCollections,
} from './support.js';

const setup = () => {
  const eventStore = createMemoryEventStore();
  const readModelStore = createMemoryReadModelStore();
  const counts = countsProjection();
  const runner = (batchSize = 1000, cacheLimit?: number) =>
    createProjectionRunner({ eventStore, readModelStore, projections: [counts, feesProjection], batchSize, rebuildBatchSize: batchSize, ...(cacheLimit === undefined ? {} : { cacheLimit }) });
  return { eventStore, readModelStore, counts, runner };
};

describe('catching up', () => {
  it('folds the log into each projection in the store', async () => {
    const { eventStore, readModelStore, counts, runner: make } = setup();
    // C1 registered, engaged 500, engaged 250; C2 registered, contacted.
    await appendSteps(eventStore, [{ client: 1, fee: 0 }, { client: 2, fee: 0 }, { client: 1, fee: 500 }, { client: 2, fee: 0 }, { client: 1, fee: 250 }]);
    const runner = make(2);
    await runner.catchUp();

    expect(await liveDocument(readModelStore, 'counts', 'totals', 'all')).toEqual({ events: 5 });
    expect(await liveDocument(readModelStore, 'counts', 'streams', 'client-C1')).toMatchObject({ events: 3, lastType: 'ClientEngaged' });
    expect(await liveDocument(readModelStore, 'counts', 'streams', 'client-C2')).toMatchObject({ events: 2, lastType: 'ClientContacted' });
    expect(await liveDocuments(readModelStore, feesProjection)).toEqual({ clients: [['C1', { fees: 750 }]] });
    expect(runner.checkpoint('counts')).toEqual(at(5));
    // The fees projection changed nothing in the last batch, yet its checkpoint moved with it.
    expect(runner.checkpoint('fees')).toEqual(at(5));
    expect(await stored(readModelStore, counts)).toMatchObject({ version: 1, checkpoint: at(5) });
    expect(runner.live('counts')).toMatchObject({ generation: (await readModelStore.head('counts'))?.generation, version: 1, checkpoint: at(5) });
  });

  it('reports progress per projection and batch, and stops at `until`', async () => {
    const { eventStore, readModelStore, runner: make } = setup();
    const runner = make(2);
    // Started on an empty log, the projections are live before any event: what follows is catch-up.
    await runner.start();
    await appendSteps(eventStore, [{ client: 1, fee: 0 }, { client: 1, fee: 5 }, { client: 2, fee: 0 }, { client: 2, fee: 7 }, { client: 3, fee: 0 }]);
    const progress: { projection: string; position: LogPosition; events: number }[] = [];
    await runner.catchUp({ until: at(3), onProgress: (p) => progress.push(p) });
    expect(runner.checkpoint('counts')).toEqual(at(3));
    expect(progress).toEqual([
      { projection: 'counts', position: at(2), events: 2 },
      { projection: 'fees', position: at(2), events: 2 },
      { projection: 'counts', position: at(3), events: 3 },
      { projection: 'fees', position: at(3), events: 3 },
    ]);
    await runner.catchUp();
    expect(runner.checkpoint('fees')).toEqual(at(5));
    expect(await liveDocuments(readModelStore, feesProjection)).toEqual({ clients: [['C1', { fees: 5 }], ['C2', { fees: 7 }]] });
  });

  it('over any batch sizes, stopping points and cache sizes, equals one pass over the whole log', async () => {
    const steps = fc.array(fc.record({ client: fc.integer({ min: 1, max: 4 }), fee: fc.constantFrom(0, 0, 100, 2500) }), { maxLength: 40 });
    await fc.assert(
      fc.asyncProperty(steps, fc.integer({ min: 1, max: 7 }), fc.array(fc.integer({ min: 0, max: 45 }), { maxLength: 4 }), fc.array(fc.boolean(), { maxLength: 4 }), fc.constantFrom(1, 3, undefined),
        async (history, batchSize, stops, restarts, cacheLimit) => {
          const { eventStore, readModelStore, counts, runner: make } = setup();
          // A small cacheLimit makes the runner forget documents between batches and read them again.
          let runner = make(batchSize, cacheLimit);
          // Either the first catch-up builds the projections (a rebuild) or they are live already.
          if (restarts[0] === true) await runner.start();
          const events = await appendSteps(eventStore, history);
          for (const [i, stop] of [...stops].sort((a, b) => a - b).entries()) {
            await runner.catchUp({ until: at(stop) });
            // Sometimes start afresh, as a new process would, from what the store holds.
            if (restarts[i] === true) runner = make(batchSize, cacheLimit);
          }
          await runner.catchUp();

          const once = await foldAll([counts, feesProjection], events);
          expect(await liveDocuments(readModelStore, counts)).toEqual(plain(once.view(counts)));
          expect(await liveDocuments(readModelStore, feesProjection)).toEqual(plain(once.view(feesProjection)));
          expect(runner.checkpoint('counts')).toEqual(events.at(-1)?.position ?? null);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('is not disturbed by a batch written twice, by itself or by another runner on the same store', async () => {
    const eventStore = createMemoryEventStore();
    const readModelStore = createMemoryReadModelStore();
    const counts = countsProjection();
    const outcomes: string[] = [];
    const spied = {
      ...readModelStore,
      applyBatch: (...args: Parameters<typeof readModelStore.applyBatch>) =>
        readModelStore.applyBatch(...args).then(
          (outcome) => (outcomes.push(outcome), outcome),
          (error: Error) => (outcomes.push(error.name), Promise.reject(error)),
        ),
    };
    const make = (batchSize: number) => createProjectionRunner({ eventStore, readModelStore: spied, projections: [counts], batchSize });
    const first = make(1);
    const second = make(3);
    await first.start();
    await second.start();
    await appendSteps(eventStore, [{ client: 1, fee: 0 }, { client: 1, fee: 10 }, { client: 2, fee: 0 }]);

    await first.catchUp({ until: at(2) });
    // The second runner's batch 1..3 claims to start from nothing, but the store is at 2: it
    // reloads what the store holds and carries on from there.
    await second.catchUp();
    // The first runner's batch 3 is already in the store: skipped, and its view follows anyway.
    await first.catchUp();
    expect(outcomes).toEqual(['applied', 'applied', 'CheckpointConflict', 'applied', 'skipped']);

    const once = await foldAll([counts], eventStore.readAll());
    expect(first.checkpoint('counts')).toEqual(at(3));
    expect(second.checkpoint('counts')).toEqual(at(3));
    const before = await stored(readModelStore, counts);
    expect(before?.documents).toEqual(plain(once.view(counts)));
    // Replaying the last batch by hand changes nothing either.
    const live = await readModelStore.head('counts');
    expect(await readModelStore.applyBatch('counts', live!.generation, [{ collection: 'totals', key: 'all', doc: { events: 99 } }], { from: at(2), to: at(3) })).toBe('skipped');
    expect(await stored(readModelStore, counts)).toEqual(before);
  });

  it('parks an event that does not decode, naming its position, stream and version, and carries on past it', async () => {
    const { eventStore, readModelStore, runner: make } = setup();
    const runner = make();
    await runner.start();
    await appendSteps(eventStore, [{ client: 1, fee: 0 }, { client: 2, fee: 0 }]);
    await eventStore.append({ stream: 'client-C1', expected: 0, events: [newEvent('ClientEngaged', { clientId: 'C1', engagementId: 'E1', fee: -5 })] });
    await eventStore.append({ stream: 'client-C2', expected: 0, events: [newEvent('ClientEngaged', { clientId: 'C2', engagementId: 'E2', fee: 70 })] });
    await runner.catchUp();
    // Past it, and nothing of it folded: three events counted, C2's fee summed.
    expect(runner.checkpoint('counts')).toEqual(at(4));
    expect(await liveDocument(readModelStore, 'counts', 'totals', 'all')).toEqual({ events: 3 });
    expect(await liveDocuments(readModelStore, feesProjection)).toEqual({ clients: [['C2', { fees: 70 }]] });
    const parked = { position: 3, logPosition: '3/3', stream: 'client-C1', streamVersion: 1, type: 'ClientEngaged', error: expect.stringMatching(/position 3 \(stream client-C1, streamVersion 1, type ClientEngaged\) does not decode: .*fee/) };
    for (const projection of ['counts', 'fees']) {
      expect(await parkedIn(readModelStore, projection, runner.live(projection)!.generation)).toEqual([{ projection, ...parked }]);
    }
    // A rebuild parks it the same way.
    await runner.rebuild();
    expect(await parkedIn(readModelStore, 'counts', runner.live('counts')!.generation)).toEqual([{ projection: 'counts', ...parked }]);
    expect(await liveDocument(readModelStore, 'counts', 'totals', 'all')).toEqual({ events: 3 });
  });

  it('keeps what it holds as it was before a batch the store failed to write', async () => {
    const eventStore = createMemoryEventStore();
    const { store, hooks } = instrumented(createMemoryReadModelStore());
    const counts = countsProjection();
    await appendSteps(eventStore, [{ client: 1, fee: 0 }, { client: 2, fee: 0 }, { client: 1, fee: 40 }, { client: 3, fee: 0 }]);
    const runner = createProjectionRunner({ eventStore, readModelStore: store, projections: [counts], batchSize: 2 });
    await runner.catchUp({ until: at(2) });
    const before = await liveDocuments(store, counts);

    hooks.beforeApply = () => {
      throw new Error('disk full');
    };
    await expect(runner.catchUp()).rejects.toThrow('disk full');
    expect(await liveDocuments(store, counts)).toEqual(before);
    expect(runner.checkpoint('counts')).toEqual(at(2));

    // The failed batch left nothing in the runner's memory either: folding again counts each event once.
    hooks.beforeApply = undefined;
    await runner.catchUp();
    expect(await liveDocument(store, 'counts', 'totals', 'all')).toEqual({ events: 4 });
    expect(await liveDocument(store, 'counts', 'streams', 'client-C1')).toMatchObject({ events: 2 });
  });

  it('holds no read model it did not build: a new runner reads by key only the documents its events touch', async () => {
    const eventStore = createMemoryEventStore();
    const { store, reads } = instrumented(createMemoryReadModelStore());
    const counts = countsProjection();
    const make = () => createProjectionRunner({ eventStore, readModelStore: store, projections: [counts] });
    await appendSteps(eventStore, Array.from({ length: 40 }, (_, i) => ({ client: i + 1, fee: 0 })));
    await make().catchUp();
    // Built from nothing: nothing to read.
    expect(reads).toEqual({ get: 0, scan: 0 });

    await appendSteps(eventStore, [{ client: 41, fee: 0 }]);
    await eventStore.append({ stream: 'client-C7', expected: 0, events: [newEvent('ClientContacted', { clientId: 'C7', channel: 'call', salespersonId: 'S1' })] });
    const fresh = make();
    await fresh.catchUp();
    // Two events: client-C41 (absent), totals/all, client-C7; never a scan of the 41 streams.
    expect(reads).toEqual({ get: 3, scan: 0 });
    expect(await liveDocument(store, 'counts', 'totals', 'all')).toEqual({ events: 42 });
    expect(await liveDocument(store, 'counts', 'streams', 'client-C7')).toMatchObject({ events: 2 });
  });

  it('parks an event on which a projection writes a collection it does not declare, writing none of its changes', async () => {
    const { eventStore, readModelStore } = setup();
    await appendSteps(eventStore, [{ client: 1, fee: 0 }]);
    const sloppy: Projection<CountsCollections> = {
      ...countsProjection(),
      handle: () => [{ collection: 'totals', key: 'all', doc: { events: 1 } }, { collection: 'other' as 'totals', key: 'k', doc: { events: 1 } }],
    };
    const runner = createProjectionRunner({ eventStore, readModelStore, projections: [sloppy] });
    await runner.catchUp();
    const [parked] = await parkedIn(readModelStore, 'counts', runner.live('counts')!.generation);
    expect(parked?.error).toMatch(/counts wrote to collection "other".*position 1/);
    expect(await liveDocument(readModelStore, 'counts', 'totals', 'all')).toBeUndefined();
  });

  it('names unknown projections, and knows no generation before loading', async () => {
    const { runner: make } = setup();
    const runner = make();
    expect(runner.live('counts')).toBeNull();
    await runner.catchUp();
    expect(() => runner.live('nope')).toThrow(/unknown projection "nope"; known: counts, fees/);
    expect(() => runner.live('nope')).toThrow(RangeError);
    expect(() => runner.checkpoint('nope')).toThrow(/unknown projection/);
    expect(runner.checkpoint('counts')).toBeNull();
    expect(() => createProjectionRunner({ eventStore: createMemoryEventStore(), readModelStore: createMemoryReadModelStore(), projections: [feesProjection, feesProjection] })).toThrow(/unique/);
  });
});

// Positions are compared, never assumed dense: a sanity check of the helper the tests rely on.
it('at() builds sequence positions', () => {
  expect(comparePositions(at(1), at(2))).toBe(-1);
});
