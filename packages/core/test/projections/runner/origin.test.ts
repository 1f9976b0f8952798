// Read models know which log they were built from (issue 8.3): each checkpoint is written with the
// event store's identity and the last folded event's hash. Models of another event store, or of a
// log since replaced or cut below their checkpoint (or a copy of their store that went its own
// way), a runner refuses (ForeignReadModels, DivergedReadModels), neither reading nor writing over
// them, unless told to rebuild them; models that record no store at all it rebuilds.
import { describe, expect, it } from 'vitest';
import { DivergedReadModels, ForeignReadModels, createProjectionRunner, foldAll, type EventStore, type StaleReadModel } from '@rapport/core';
import { appendSteps, at, countsProjection, createMemoryEventStore, createMemoryReadModelStore, liveDocuments, plain, type Step } from './support.js';

const firmA: Step[] = [{ client: 1, fee: 0 }, { client: 1, fee: 500 }, { client: 2, fee: 0 }];
const firmB: Step[] = [{ client: 7, fee: 0 }, { client: 8, fee: 0 }];

/** The same store, its log seen only up to `events` (a log cut by hand, or restored from an old copy). */
const cut = (inner: EventStore, events: number): EventStore => ({
  ...inner,
  readStream: async (stream) => (await inner.readStream(stream)).filter((e) => e.position.commit <= BigInt(events)),
  async *readAll(options) {
    for await (const batch of inner.readAll(options)) {
      const kept = batch.filter((e) => e.position.commit <= BigInt(events));
      if (kept.length > 0) yield kept;
    }
  },
});

const runnerOn = (eventStore: EventStore, readModelStore: ReturnType<typeof createMemoryReadModelStore>, notices: StaleReadModel[], foreignReadModels?: 'rebuild') =>
  createProjectionRunner({ eventStore, readModelStore, projections: [countsProjection()], onStale: (n) => notices.push(n), ...(foreignReadModels === undefined ? {} : { foreignReadModels }) });

describe('read models and the log they were built from', () => {
  it('a runner over the same store takes its models as they are', async () => {
    const eventStore = createMemoryEventStore();
    const readModelStore = createMemoryReadModelStore();
    await appendSteps(eventStore, firmA);
    const notices: StaleReadModel[] = [];
    await runnerOn(eventStore, readModelStore, notices).catchUp();
    const built = await readModelStore.head('counts');
    expect(JSON.parse(built!.origin!)).toMatchObject({ store: await eventStore.identity(), stream: 'client-C2', streamVersion: 0 });

    const again = runnerOn(eventStore, readModelStore, notices);
    await again.catchUp();
    expect(notices).toEqual([]);
    expect(again.live('counts')?.generation).toBe(built!.generation);
  });

  it('refuses models built from another store, leaving them as they are', async () => {
    const a = createMemoryEventStore();
    const b = createMemoryEventStore();
    expect(await a.identity()).not.toBe(await b.identity());
    const readModelStore = createMemoryReadModelStore();
    await appendSteps(a, firmA);
    await appendSteps(b, firmB);
    await runnerOn(a, readModelStore, []).catchUp();
    const before = await readModelStore.head('counts');
    const documents = await liveDocuments(readModelStore, countsProjection());

    const notices: StaleReadModel[] = [];
    const refused = runnerOn(b, readModelStore, notices).catchUp();
    await expect(refused).rejects.toBeInstanceOf(ForeignReadModels);
    await expect(refused).rejects.toMatchObject({ projection: 'counts', builtFrom: await a.identity(), eventStore: await b.identity() });
    expect(notices).toEqual([]);
    expect(await readModelStore.head('counts')).toEqual(before);
    expect(await liveDocuments(readModelStore, countsProjection())).toEqual(documents);
    // An explicit rebuild replaces them, and then they are this store's.
    const owner = runnerOn(b, readModelStore, notices);
    await owner.rebuild();
    await runnerOn(b, readModelStore, notices).catchUp();
    expect(await liveDocuments(readModelStore, countsProjection())).toEqual(plain((await foldAll([countsProjection()], b.readAll())).view('counts')));
  });

  it('with foreignReadModels: rebuild, rebuilds models built from another store, saying so', async () => {
    const a = createMemoryEventStore();
    const b = createMemoryEventStore();
    const readModelStore = createMemoryReadModelStore();
    await appendSteps(a, firmA);
    await appendSteps(b, firmB);
    await runnerOn(a, readModelStore, []).catchUp();

    const notices: StaleReadModel[] = [];
    await runnerOn(b, readModelStore, notices, 'rebuild').catchUp();
    expect(notices).toEqual([{ projection: 'counts', kind: 'foreign', reason: expect.stringMatching(/built from another event store \(memory:.*; this one is memory:/) }]);
    expect(await liveDocuments(readModelStore, countsProjection())).toEqual(plain((await foldAll([countsProjection()], b.readAll())).view('counts')));
  });

  it('refuses models whose checkpoint lies past the end of a log that was cut, and rebuilds them when told', async () => {
    const eventStore = createMemoryEventStore();
    const readModelStore = createMemoryReadModelStore();
    await appendSteps(eventStore, firmA);
    await runnerOn(eventStore, readModelStore, []).catchUp();
    const before = await liveDocuments(readModelStore, countsProjection());

    const notices: StaleReadModel[] = [];
    const shorter = cut(eventStore, 2);
    // The same identity with another history: a cut log, or a copy of the store that went its own
    // way while the original's readers share these models. Not the reader's call: left as they are.
    await expect(runnerOn(shorter, readModelStore, notices).catchUp()).rejects.toThrow(DivergedReadModels);
    expect(await liveDocuments(readModelStore, countsProjection())).toEqual(before);
    const runner = runnerOn(shorter, readModelStore, notices, 'rebuild');
    await runner.catchUp();
    expect(notices).toEqual([{ projection: 'counts', kind: 'replaced', reason: expect.stringMatching(/stream client-C2, streamVersion 0\) is not in this log as they saw it/) }]);
    expect(runner.checkpoint('counts')).toEqual(at(2));
    expect(await liveDocuments(readModelStore, countsProjection())).toEqual(plain((await foldAll([countsProjection()], shorter.readAll())).view('counts')));
  });

  it('rebuilds models that carry no record of their store (written before stores had identities)', async () => {
    const eventStore = createMemoryEventStore();
    const readModelStore = createMemoryReadModelStore();
    await appendSteps(eventStore, firmA);
    const g = await readModelStore.beginGeneration('counts', 1);
    await readModelStore.activate('counts', g);
    await readModelStore.applyBatch('counts', g, [{ collection: 'totals', key: 'all', doc: { events: 99 } }], { from: null, to: at(3) });

    const notices: StaleReadModel[] = [];
    await runnerOn(eventStore, readModelStore, notices).catchUp();
    expect(notices.map((n) => n.reason)).toEqual(['they carry no record of the event store they were built from']);
    expect((await liveDocuments(readModelStore, countsProjection()))?.['totals']).toEqual([['all', { events: 3 }]]);
  });
});
