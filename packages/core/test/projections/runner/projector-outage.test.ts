// A following projector outlives an outage of its stores: it says so, lets go of its leases,
// tries again with a growing wait, and carries on where the read models stand once they answer.
// Catching up once (no follow) still fails at once, for the caller to report.
import { describe, expect, it } from 'vitest';
import { StoreUnavailable, runProjector, type EventStore, type ProjectorEvent, type ReadModelStore } from '@rapport/core';
import { appendSteps, countsProjection, createMemoryEventStore, createMemoryReadModelStore } from './support.js';

const within = async (ms: number, check: () => boolean | Promise<boolean>): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

interface Flaky {
  readonly store: ReadModelStore;
  /** While on, every call fails as an unreachable server's would, after `delayMs` (a time-out). */
  readonly down: { on: boolean; delayMs: number };
  /** The store behind it: replaced, it is a Redis restarted empty between two calls. */
  behind: ReadModelStore;
}

const flaky = (store: ReadModelStore): Flaky => {
  const state: Flaky = {
    down: { on: false, delayMs: 0 },
    behind: store,
    store: new Proxy(store, {
      get(_target, name) {
        const value = Reflect.get(state.behind, name) as unknown;
        if (typeof value !== 'function' || name === 'close') return value;
        return async (...args: unknown[]) => {
          if (!state.down.on) return (value as (...a: unknown[]) => unknown).apply(state.behind, args);
          await new Promise((resolve) => setTimeout(resolve, state.down.delayMs));
          throw new StoreUnavailable('Redis read-model store: connect ECONNREFUSED');
        };
      },
    }),
  };
  return state;
};

/** A follower of `counts` with short waits, stopped by `stop`, its events gathered. */
const following = (eventStore: EventStore, readModelStore: ReadModelStore) => {
  const stop = new AbortController();
  const events: ProjectorEvent[] = [];
  const done = runProjector({ eventStore, readModelStore, projections: [countsProjection()], holder: 'p', leaseTtlMs: 600, pollMs: 10, slowPollMs: 100, follow: true, signal: stop.signal, onEvent: (e) => events.push(e) });
  return { stop, events, done };
};

describe('a projector when a store stops answering', () => {
  it('following: says so, retries with a growing wait, and folds what came meanwhile once it answers', async () => {
    const eventStore = createMemoryEventStore();
    const memory = createMemoryReadModelStore();
    const { store, down } = flaky(memory);
    await appendSteps(eventStore, [{ client: 1, fee: 5 }]);
    const { stop, events, done } = following(eventStore, store);
    await within(2000, async () => (await memory.head('counts'))?.checkpoint?.commit === 1n);

    down.on = true;
    await appendSteps(eventStore, [{ client: 2, fee: 7 }]);
    await within(3000, () => events.filter((e) => e.kind === 'unavailable').length >= 2);
    const waits = events.flatMap((e) => (e.kind === 'unavailable' ? [e.retryInMs] : []));
    expect(waits[1]).toBeGreaterThan(waits[0]!);
    expect(events.find((e) => e.kind === 'unavailable')).toMatchObject({ reason: expect.stringContaining('ECONNREFUSED') });

    down.on = false;
    await within(3000, async () => (await memory.head('counts'))?.checkpoint?.commit === 2n);
    stop.abort();
    expect(await done).toBe(true);
  });

  it('following, stopped while a store hangs: returns as asked, not with the store\'s error', async () => {
    const eventStore = createMemoryEventStore();
    const flakyStore = flaky(createMemoryReadModelStore());
    await appendSteps(eventStore, [{ client: 1, fee: 5 }]);
    const { stop, events, done } = following(eventStore, flakyStore.store);
    await within(2000, () => events.some((e) => e.kind === 'caught-up'));
    Object.assign(flakyStore.down, { on: true, delayMs: 300 });
    await within(3000, () => events.some((e) => e.kind === 'unavailable'));
    // Now in a call that fails only after its time-out.
    await new Promise((resolve) => setTimeout(resolve, 100));
    stop.abort();
    expect(await done).toBe(true);
  });

  it('following, a store never reached since it started: fails at once, as a wrong address would', async () => {
    const eventStore = createMemoryEventStore();
    const flakyStore = flaky(createMemoryReadModelStore());
    flakyStore.down.on = true;
    await expect(runProjector({ eventStore, readModelStore: flakyStore.store, projections: [countsProjection()], holder: 'p', follow: true })).rejects.toThrow(StoreUnavailable);
  });

  it('following, read models lost between two rounds with no call failing: builds them again without a new event', async () => {
    const eventStore = createMemoryEventStore();
    const flakyStore = flaky(createMemoryReadModelStore());
    await appendSteps(eventStore, [{ client: 1, fee: 5 }]);
    const { stop, done } = following(eventStore, flakyStore.store);
    await within(2000, async () => (await flakyStore.behind.head('counts'))?.checkpoint?.commit === 1n);
    const restarted = createMemoryReadModelStore();
    flakyStore.behind = restarted;
    await within(3000, async () => (await restarted.head('counts'))?.checkpoint?.commit === 1n);
    stop.abort();
    expect(await done).toBe(true);
  });

  it('catching up once: fails with the store\'s error, for the caller to report', async () => {
    const eventStore = createMemoryEventStore();
    const { store, down } = flaky(createMemoryReadModelStore());
    await appendSteps(eventStore, [{ client: 1, fee: 5 }]);
    down.on = true;
    await expect(runProjector({ eventStore, readModelStore: store, projections: [countsProjection()], holder: 'p' })).rejects.toThrow(StoreUnavailable);
  });
});
