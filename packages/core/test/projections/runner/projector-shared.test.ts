// Projectors that hold some of the projections each: one started for `counts` beside one for
// `counts` and `fees` must leave no projection unprojected. The second folds `fees`, which nobody
// holds, stands by for `counts` only, and takes it over once the first stops.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ForeignReadModels, runProjector, type EventStore, type ProjectorEvent, type ReadModelStore } from '@rapport/core';
import { appendSteps, countsProjection, createMemoryEventStore, createMemoryReadModelStore, feesProjection } from './support.js';

const within = async (ms: number, check: () => boolean | Promise<boolean>): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

const checkpointOf = async (store: ReadModelStore, name: string): Promise<bigint | undefined> => (await store.head(name))?.checkpoint?.commit;

const follow = (eventStore: EventStore, readModelStore: ReadModelStore, holder: string, projections: Parameters<typeof runProjector>[0]['projections'], leaseTtlMs = 600) => {
  const stop = new AbortController();
  const events: ProjectorEvent[] = [];
  const done = runProjector({ eventStore, readModelStore, projections, holder, leaseTtlMs, slowPollMs: 200, follow: true, signal: stop.signal, onEvent: (e) => events.push(e) });
  return { stop, done, events };
};

describe('projectors that share the projections', () => {
  it('one for some and one for all: the second folds what nobody holds, stands by for the rest, and takes it over', async () => {
    const eventStore = createMemoryEventStore();
    const readModelStore = createMemoryReadModelStore();
    await appendSteps(eventStore, [{ client: 1, fee: 5 }]);
    const first = follow(eventStore, readModelStore, 'first', [countsProjection()]);
    await within(2000, async () => (await checkpointOf(readModelStore, 'counts')) === 1n);

    const second = follow(eventStore, readModelStore, 'second', [countsProjection(), feesProjection]);
    await within(2000, async () => (await checkpointOf(readModelStore, 'fees')) === 1n);
    expect(second.events).toContainEqual({ kind: 'standby', holder: 'first', projections: ['counts'] });
    const active = second.events.find((e) => e.kind === 'active');
    expect(active?.kind === 'active' && active.leases.map((l) => l.lease)).toEqual(['fees']);

    // Both follow the log, each for what it holds.
    await appendSteps(eventStore, [{ client: 2, fee: 7 }]);
    await within(2000, async () => (await checkpointOf(readModelStore, 'fees')) === 2n && (await checkpointOf(readModelStore, 'counts')) === 2n);
    expect((await readModelStore.leaseState('counts'))?.holder).toBe('first');

    // The first stops (releasing its lease): the second takes `counts` over and keeps it up to date.
    first.stop.abort();
    expect(await first.done).toBe(true);
    await within(3000, () => second.events.some((e) => e.kind === 'active' && e.leases.length === 2));
    await appendSteps(eventStore, [{ client: 3, fee: 1 }]);
    await within(2000, async () => (await checkpointOf(readModelStore, 'counts')) === 3n && (await checkpointOf(readModelStore, 'fees')) === 3n);
    expect((await readModelStore.leaseState('counts'))?.holder).toBe('second');

    second.stop.abort();
    expect(await second.done).toBe(true);
  });

  it('catching up once beside a follower: builds what nobody holds, leaves the rest, and says so', async () => {
    const eventStore = createMemoryEventStore();
    const readModelStore = createMemoryReadModelStore();
    await appendSteps(eventStore, [{ client: 1, fee: 5 }, { client: 2, fee: 3 }]);
    const first = follow(eventStore, readModelStore, 'first', [countsProjection()]);
    await within(2000, async () => (await checkpointOf(readModelStore, 'counts')) === 2n);
    const counts = await readModelStore.head('counts');

    const events: ProjectorEvent[] = [];
    const once = await runProjector({ eventStore, readModelStore, projections: [countsProjection(), feesProjection], holder: 'once', leaseTtlMs: 600, onEvent: (e) => events.push(e) });
    expect(once).toBe(false);
    expect(await checkpointOf(readModelStore, 'fees')).toBe(2n);
    expect(events).toContainEqual({ kind: 'standby', holder: 'first', projections: ['counts'] });
    // `counts` is the first's: its generation and lease are untouched.
    expect(await readModelStore.head('counts')).toEqual(counts);
    expect((await readModelStore.leaseState('counts'))?.holder).toBe('first');
    // And `once` gave back what it held, so nothing waits out its TTL.
    expect((await readModelStore.leaseState('fees'))?.expiresAt).toBeLessThanOrEqual(Date.now());

    first.stop.abort();
    await first.done;
  });
});

describe('a standby whose active projector died (kill -9: its lease never renewed nor released)', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('takes over as the lease runs out, not up to a polling round later', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const eventStore = createMemoryEventStore();
    const readModelStore = createMemoryReadModelStore();
    const ttl = 6100;
    const dead = await readModelStore.lease('counts', 'dead', ttl);
    const standby = follow(eventStore, readModelStore, 'standby', [countsProjection()], ttl);
    let takenAt: number | undefined;
    for (let waited = 0; takenAt === undefined && waited < 3 * ttl; waited += 10) {
      await vi.advanceTimersByTimeAsync(10);
      if (standby.events.some((e) => e.kind === 'active')) takenAt = Date.now();
    }
    expect(standby.events[0]).toEqual({ kind: 'standby', holder: 'dead', projections: ['counts'] });
    // Polling every 0.5–1 × TTL/3 it came up to 2 s after the lease ran out; now within its first wait (50 ms).
    expect(takenAt).toBeGreaterThanOrEqual(dead!.expiresAt);
    expect(takenAt! - dead!.expiresAt).toBeLessThanOrEqual(60);
    standby.stop.abort();
    await vi.advanceTimersByTimeAsync(100);
    expect(await standby.done).toBe(true);
  });
});

describe('a projector given another event store than the read models were built from', () => {
  it('is refused at once while their own projector holds them, not left standing by', async () => {
    const theirs = createMemoryEventStore();
    const readModelStore = createMemoryReadModelStore();
    await appendSteps(theirs, [{ client: 1, fee: 5 }]);
    const active = follow(theirs, readModelStore, 'theirs', [countsProjection()]);
    await within(2000, async () => (await checkpointOf(readModelStore, 'counts')) === 1n);

    const wrong = createMemoryEventStore();
    await appendSteps(wrong, [{ client: 9, fee: 1 }]);
    const events: ProjectorEvent[] = [];
    const run = runProjector({ eventStore: wrong, readModelStore, projections: [countsProjection()], holder: 'wrong', leaseTtlMs: 600, follow: true, onEvent: (e) => events.push(e) });
    const late = new Promise((resolve) => setTimeout(resolve, 2000, 'still standing by'));
    await expect(Promise.race([run, late])).rejects.toBeInstanceOf(ForeignReadModels);
    expect(events).toEqual([]);
    // The active projector and its read models are untouched.
    expect((await readModelStore.leaseState('counts'))?.holder).toBe('theirs');
    expect(await checkpointOf(readModelStore, 'counts')).toBe(1n);
    active.stop.abort();
    await active.done;
  });
});

describe('a projector stopping while its read-model store fails', () => {
  it('gives up releasing its leases at the first failure, instead of waiting out each one', async () => {
    const eventStore = createMemoryEventStore();
    const inner = createMemoryReadModelStore();
    let releases = 0;
    const readModelStore: ReadModelStore = {
      ...inner,
      releaseLease: async () => {
        releases += 1;
        throw new Error('the store stopped answering');
      },
    };
    await appendSteps(eventStore, [{ client: 1, fee: 5 }]);
    const projector = follow(eventStore, readModelStore, 'p', [countsProjection(), feesProjection]);
    await within(2000, async () => (await checkpointOf(inner, 'fees')) === 1n && (await checkpointOf(inner, 'counts')) === 1n);
    projector.stop.abort();
    expect(await projector.done).toBe(true);
    expect(releases).toBe(1);
  });
});
