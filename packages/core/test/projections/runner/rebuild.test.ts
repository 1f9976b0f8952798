import { describe, expect, it } from 'vitest';
import { foldAll, knownAt, createProjectionRunner, type Projection } from '@rapport/core';
import {
  appendSteps,
  at,
  countsProjection,
  createMemoryEventStore,
  createMemoryReadModelStore,
  feesProjection,
  instrumented,
  liveDocument,
  liveDocuments,
  plain,
  stored,
  type Step,
} from './support.js';

const history: Step[] = [
  { client: 1, fee: 0 }, { client: 2, fee: 0 }, { client: 1, fee: 300 }, { client: 3, fee: 0 },
  { client: 2, fee: 0 }, { client: 3, fee: 120 }, { client: 1, fee: 80 }, { client: 2, fee: 45 },
];

/** A runner whose projections were built live, batch by batch, over `history`. */
const liveRunner = async () => {
  const eventStore = createMemoryEventStore();
  const { store, hooks } = instrumented(createMemoryReadModelStore());
  const counts = countsProjection();
  const runner = createProjectionRunner({ eventStore, readModelStore: store, projections: [counts, feesProjection], batchSize: 3 });
  await runner.start();
  await appendSteps(eventStore, history);
  await runner.catchUp();
  return { eventStore, store, hooks, counts, runner };
};

describe('rebuilding', () => {
  it('folds the whole log into a new generation, swaps it in, and equals the live result', async () => {
    const { eventStore, store, counts, runner } = await liveRunner();
    const live = await liveDocuments(store, counts);
    const liveGeneration = (await store.head('counts'))!.generation;

    await runner.rebuild();
    expect(await liveDocuments(store, counts)).toEqual(live);
    expect(await liveDocuments(store, counts)).toEqual(plain((await foldAll([counts], eventStore.readAll())).view(counts)));
    expect(runner.checkpoint('counts')).toEqual(at(history.length));
    const after = await stored(store, counts);
    expect(after?.generation).toBeGreaterThan(liveGeneration);
    expect(after?.documents).toEqual(live);
    // The old generation is gone from the store.
    await expect(store.applyBatch('counts', liveGeneration, [], { from: at(8), to: at(9) })).rejects.toThrow(/does not exist/);
  });

  it('keeps answering queries from the old generation until the swap', async () => {
    const { eventStore, store, hooks, counts, runner } = await liveRunner();
    const oldGeneration = (await store.head('counts'))!.generation;
    const live = await liveDocuments(store, counts);
    await appendSteps(eventStore, [{ client: 4, fee: 0 }]);

    let release!: () => void;
    let paused!: () => void;
    const pausedAtFirstBatch = new Promise<void>((resolve) => (paused = resolve));
    hooks.beforeApply = () => {
      hooks.beforeApply = undefined;
      paused();
      return new Promise<void>((resolve) => (release = resolve));
    };
    const rebuilding = runner.rebuild(['counts']);
    await pausedAtFirstBatch;
    // Mid-rebuild: the live generation is the old one, whole and unchanged.
    expect((await store.head('counts'))?.generation).toBe(oldGeneration);
    expect(runner.live('counts')?.generation).toBe(oldGeneration);
    expect(await liveDocuments(store, counts)).toEqual(live);
    expect(runner.checkpoint('counts')).toEqual(at(history.length));
    release();
    await rebuilding;

    expect(runner.live('counts')?.generation).toBeGreaterThan(oldGeneration);
    expect(await liveDocument(store, 'counts', 'streams', 'client-C4')).toMatchObject({ events: 1 });
    expect(runner.checkpoint('counts')).toEqual(at(history.length + 1));
    // Only the named projection was rebuilt; the other is as catch-up left it.
    expect(runner.checkpoint('fees')).toEqual(at(history.length));
  });

  it('leaves the live generation in place when a rebuild fails, and discards the new one', async () => {
    const { store, hooks, counts, runner } = await liveRunner();
    const before = await stored(store, counts);
    hooks.beforeApply = () => {
      throw new Error('connection lost');
    };
    await expect(runner.rebuild(['counts'])).rejects.toThrow('connection lost');
    expect(runner.live('counts')?.generation).toBe(before?.generation);
    expect(await stored(store, counts)).toEqual(before);
    const aborted = before!.generation + 1;
    await expect(store.activate('counts', aborted)).rejects.toThrow(/does not exist/);

    hooks.beforeApply = undefined;
    await runner.catchUp();
    expect(await liveDocuments(store, counts)).toEqual(before?.documents);
  });

  it('rebuilds a projection whose stored version differs from the code, on start', async () => {
    const { eventStore, store, counts } = await liveRunner();
    const v1 = await stored(store, counts);
    const fees = await stored(store, feesProjection);

    const counts2 = countsProjection(2);
    const restarted = createProjectionRunner({ eventStore, readModelStore: store, projections: [counts2, feesProjection] });
    const progress: string[] = [];
    await restarted.start({ onProgress: (p) => progress.push(`${p.projection}@${p.position.commit}`) });
    const v2 = await stored(store, counts2);
    expect(v2?.version).toBe(2);
    expect(v2?.generation).toBeGreaterThan(v1!.generation);
    expect(v2?.documents).toEqual(v1?.documents);
    // Only the changed projection was rebuilt, in one batch of the rebuild size.
    expect(progress).toEqual([`counts@${history.length}`]);
    expect(await stored(store, feesProjection)).toEqual(fees);
  });

  it('in slices with a small cache, reads back only documents it wrote and let go of, and equals the fold', async () => {
    const eventStore = createMemoryEventStore();
    const inner = createMemoryReadModelStore();
    const written = new Set<string>();
    const readKeys: string[] = [];
    const store = {
      ...inner,
      get: (projection: string, generation: number, collection: string, keys: readonly string[]) => {
        readKeys.push(...keys.map((k) => `${projection}/${collection}/${k}`));
        return inner.get(projection, generation, collection, keys);
      },
      applyBatch: (...args: Parameters<typeof inner.applyBatch>) => {
        for (const change of args[2]) written.add(`${args[0]}/${change.collection}/${change.key}`);
        return inner.applyBatch(...args);
      },
    };
    // Six clients, each touched again and again: more documents than the cache may hold.
    const steps: Step[] = Array.from({ length: 60 }, (_, i) => ({ client: (i * 7) % 6, fee: i % 3 === 0 ? 10 : 0 }));
    const events = await appendSteps(eventStore, steps);
    const counts = countsProjection();
    const runner = createProjectionRunner({ eventStore, readModelStore: store, projections: [counts, feesProjection], rebuildBatchSize: 4, cacheLimit: 2 });
    await runner.rebuild();

    const once = await foldAll([counts, feesProjection], events);
    expect(await liveDocuments(inner, counts)).toEqual(plain(once.view(counts)));
    expect(await liveDocuments(inner, feesProjection)).toEqual(plain(once.view(feesProjection)));
    // It did let documents go and read them again, but never asked the store for a key it never wrote.
    expect(readKeys.length).toBeGreaterThan(0);
    expect(readKeys.filter((key) => !written.has(key))).toEqual([]);
  });

  it('writes a projection once it holds rebuildBatchSize changed documents, so one with few documents is written once', async () => {
    const eventStore = createMemoryEventStore();
    const { store } = instrumented(createMemoryReadModelStore());
    const batches: Record<string, number[]> = {};
    const spied = {
      ...store,
      applyBatch: (...args: Parameters<typeof store.applyBatch>) => {
        (batches[args[0]] ??= []).push(args[2].length);
        return store.applyBatch(...args);
      },
    };
    // One document per event, never read back (as `history`).
    const perEvent: Projection<{ events: { type: string } }> = {
      name: 'per-event',
      version: 1,
      collections: ['events'],
      handle: (e) => [{ collection: 'events', key: `${e.stream}/${e.streamVersion}`, doc: { type: e.event.type } }],
    };
    const events = await appendSteps(eventStore, Array.from({ length: 20 }, (_, i) => ({ client: 1 + (i % 2), fee: i % 4 === 0 ? 5 : 0 })));
    const counts = countsProjection();
    const runner = createProjectionRunner({ eventStore, readModelStore: spied, projections: [counts, perEvent], rebuildBatchSize: 5 });
    await runner.rebuild();

    // counts has three documents (two streams and the total): one write, at the end.
    expect(batches['counts']).toEqual([3]);
    // per-event: one write each time five documents were pending, and the rest at the end.
    expect(batches['per-event']?.reduce((a, b) => a + b, 0)).toBe(20);
    expect(batches['per-event']?.every((n) => n <= 5)).toBe(true);
    expect(batches['per-event']?.length).toBe(4);
    const once = await foldAll([counts, perEvent], events);
    expect(await liveDocuments(store, counts)).toEqual(plain(once.view(counts)));
    expect(await liveDocuments(store, perEvent)).toEqual(plain(once.view(perEvent)));
    expect(runner.checkpoint('per-event')).toEqual(at(20));
    expect(runner.checkpoint('counts')).toEqual(at(20));
  });

  it('takes the generation of another process that built the same projections at once and activated last', async () => {
    const eventStore = createMemoryEventStore();
    const { store, hooks } = instrumented(createMemoryReadModelStore());
    await appendSteps(eventStore, history);
    const counts = countsProjection();
    const make = () => createProjectionRunner({ eventStore, readModelStore: store, projections: [counts] });
    const first = make();
    let release!: () => void;
    let paused!: () => void;
    const pausedAtFirstBatch = new Promise<void>((resolve) => (paused = resolve));
    hooks.beforeApply = () => {
      hooks.beforeApply = undefined;
      paused();
      return new Promise<void>((resolve) => (release = resolve));
    };
    // The first runner begins its generation and stops before writing; the second builds and
    // activates its own meanwhile, which drops the first one's.
    const starting = first.start();
    await pausedAtFirstBatch;
    const second = make();
    await second.start();
    const winner = second.live('counts')!.generation;
    release();
    await starting;

    expect(first.live('counts')?.generation).toBe(winner);
    expect((await store.head('counts'))?.generation).toBe(winner);
    await appendSteps(eventStore, [{ client: 9, fee: 0 }]);
    await first.catchUp();
    expect(await liveDocument(store, 'counts', 'totals', 'all')).toEqual({ events: history.length + 1 });
  });

  it('a first build that loses to another one still activating its projections ends on the live generations, as the winner does', async () => {
    const eventStore = createMemoryEventStore();
    const { store, hooks } = instrumented(createMemoryReadModelStore());
    await appendSteps(eventStore, history);
    const make = () => createProjectionRunner({ eventStore, readModelStore: store, projections: [countsProjection(), feesProjection] });
    const first = make();
    const second = make();
    let secondStart: Promise<void> | undefined;
    // The first runner is about to activate its generations; the second builds the same ones
    // meanwhile, activates `counts` (dropping the first's) and `fees` a moment later.
    hooks.beforeActivate = async () => {
      if (secondStart !== undefined) return;
      let reachedFees!: () => void;
      const atFees = new Promise<void>((resolve) => (reachedFees = resolve));
      hooks.beforeActivate = async (projection) => {
        if (projection !== 'fees' || secondStart === undefined) return;
        hooks.beforeActivate = undefined;
        reachedFees();
        await new Promise((resolve) => setTimeout(resolve, 100));
      };
      secondStart = second.start();
      await atFees;
    };
    await first.start();
    await secondStart;

    const counts = (await store.head('counts'))?.generation;
    const fees = (await store.head('fees'))?.generation;
    expect([counts, fees]).toEqual([second.live('counts')?.generation, second.live('fees')?.generation]);
    expect([first.live('counts')?.generation, first.live('fees')?.generation]).toEqual([counts, fees]);
    await appendSteps(eventStore, [{ client: 9, fee: 5 }]);
    await first.catchUp();
    expect(await liveDocument(store, 'counts', 'totals', 'all')).toEqual({ events: history.length + 1 });
  });

  it('swaps in no generation behind the live one a projector elsewhere moved on while it was built', async () => {
    const eventStore = createMemoryEventStore();
    const shared = createMemoryReadModelStore();
    const counts = countsProjection();
    // The projector stand-in folds into the live generation; the rebuilder writes through hooks.
    const projector = createProjectionRunner({ eventStore, readModelStore: shared, projections: [counts], batchSize: 3 });
    const { store, hooks } = instrumented(shared);
    const rebuilder = createProjectionRunner({ eventStore, readModelStore: store, projections: [counts], batchSize: 3 });
    await appendSteps(eventStore, history);
    await projector.catchUp();
    await rebuilder.start();
    const later: Step[] = [{ client: 4, fee: 0 }, { client: 4, fee: 70 }, { client: 5, fee: 0 }];
    hooks.beforeApply = async () => {
      // The rebuild has read the whole log; meanwhile more is appended, and the projector folds it.
      hooks.beforeApply = undefined;
      await appendSteps(eventStore, later);
      await projector.catchUp();
      expect((await shared.head('counts'))?.checkpoint).toEqual(at(history.length + later.length));
    };
    const progress: number[] = [];
    await rebuilder.rebuild([], { onProgress: (p) => progress.push(p.events) });
    // Counted through the catch-up after the build, from where the build's count stood.
    expect(progress.at(-1)).toBe(history.length + later.length);
    const live = await stored(shared, counts);
    expect(live?.generation).toBe(rebuilder.live('counts')?.generation);
    // Before the fix: the rebuilt generation went live at position 8, behind the 11 readers had seen.
    expect(live?.checkpoint).toEqual(at(history.length + later.length));
    expect(live?.documents).toEqual(plain((await foldAll([counts], eventStore.readAll())).view(counts)));
  });

  it('does not swap in a first build its signal cut short; the next catch-up carries it on to the end', async () => {
    const eventStore = createMemoryEventStore();
    const { store, hooks } = instrumented(createMemoryReadModelStore());
    const counts = countsProjection();
    const runner = createProjectionRunner({ eventStore, readModelStore: store, projections: [counts], batchSize: 3, rebuildBatchSize: 2 });
    await appendSteps(eventStore, history);
    const round = new AbortController();
    let writes = 0;
    hooks.beforeApply = () => {
      // A projector's round ends while its first build is under way.
      if (++writes === 2) round.abort();
    };
    await runner.catchUp({ signal: round.signal });
    // Readers see no generation rather than a half-built one.
    expect(await store.head('counts')).toBeNull();
    expect(runner.live('counts')).toBeNull();
    hooks.beforeApply = undefined;
    await runner.catchUp();
    expect(await liveDocuments(store, counts)).toEqual(plain((await foldAll([counts], eventStore.readAll())).view(counts)));
    expect(runner.checkpoint('counts')).toEqual(at(history.length));
  });

  it('refuses unknown projection names, naming the known ones', async () => {
    const { runner } = await liveRunner();
    await expect(runner.rebuild(['counts', 'nope'])).rejects.toThrow(/unknown projection "nope"; known: counts, fees/);
    // An argument error, as every other option the library refuses.
    await expect(runner.rebuild(['nope'])).rejects.toBeInstanceOf(RangeError);
  });
});

describe('foldAll', () => {
  it('folds only what was recorded by a given instant (--known-at)', async () => {
    let now = Date.parse('2024-06-01T00:00:00.000Z');
    const eventStore = createMemoryEventStore({ clock: () => new Date(now) });
    await appendSteps(eventStore, history.slice(0, 4));
    const knownThen = now;
    now += 86_400_000;
    // Four more events for other clients, recorded a day later.
    await appendSteps(eventStore, history.slice(0, 4).map((s) => ({ ...s, client: s.client + 10 })));

    const counts = countsProjection();
    const then = await foldAll([counts], eventStore.readAll(), knownAt(knownThen));
    expect(then.view(counts).totals.get('all')).toEqual({ events: 4 });
    const all = await foldAll([counts], eventStore.readAll());
    expect(all.view(counts).totals.get('all')).toEqual({ events: 8 });
    expect(() => all.view('fees')).toThrow(/unknown projection "fees"/);
    expect(() => all.view('fees')).toThrow(RangeError);
  });
});
