// A following projector waits on the event store's wake-up, not on a timer (issue 10.1): with the
// slow poll at 30 s, appends reach the read models at once; on a store without a wake-up it polls.
import { describe, expect, it } from 'vitest';
import { runProjector, type EventStore, type ProjectorEvent, type ReadAllReach } from '@rapport/core';
import { appendSteps, countsProjection, createMemoryEventStore, createMemoryReadModelStore } from './support.js';

const within = async (ms: number, check: () => boolean): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

const follow = (eventStore: EventStore) => {
  const readModelStore = createMemoryReadModelStore();
  const stop = new AbortController();
  const events: ProjectorEvent[] = [];
  const done = runProjector({ eventStore, readModelStore, projections: [countsProjection()], holder: 'test:1', leaseTtlMs: 120_000, slowPollMs: 30_000, follow: true, signal: stop.signal, onEvent: (e) => events.push(e) });
  /** The checkpoint of the last catch-up the projector told of. */
  const at = (): string | null | undefined => events.flatMap((e) => (e.kind === 'caught-up' ? [e.checkpoint] : [])).at(-1);
  return { stop, done, at };
};

describe('a following projector', () => {
  it('is woken by an append well before its slow poll, and stops when aborted', async () => {
    const eventStore = createMemoryEventStore();
    await appendSteps(eventStore, [{ client: 1, fee: 0 }]);
    const { stop, done, at } = follow(eventStore);
    await within(2000, () => at() === '1');
    await appendSteps(eventStore, [{ client: 2, fee: 0 }, { client: 3, fee: 0 }]);
    await within(2000, () => at() === '3');
    stop.abort();
    expect(await done).toBe(true);
  });

  it('polls a store that has no wake-up', async () => {
    const inner = createMemoryEventStore();
    const { waitForAppends: _wait, ...rest } = inner;
    const eventStore: EventStore = { ...rest, readAll: (options) => inner.readAll(options) };
    await appendSteps(eventStore, [{ client: 1, fee: 0 }]);
    const { stop, done, at } = follow(eventStore);
    await within(2000, () => at() === '1');
    await appendSteps(eventStore, [{ client: 2, fee: 0 }]);
    await within(5000, () => at() === '2');
    stop.abort();
    expect(await done).toBe(true);
  });

  it('reads what is readable now while following, and every committed event when it catches up once', async () => {
    const inner = createMemoryEventStore();
    const reaches: (ReadAllReach | undefined)[] = [];
    const eventStore: EventStore = { ...inner, readAll: (options) => (reaches.push(options?.upTo), inner.readAll(options)) };
    await appendSteps(eventStore, [{ client: 1, fee: 0 }]);
    const once = runProjector({ eventStore, readModelStore: createMemoryReadModelStore(), projections: [countsProjection()], holder: 'test:once', leaseTtlMs: 120_000 });
    expect(await once).toBe(true);
    expect(new Set(reaches)).toEqual(new Set(['committed']));
    reaches.length = 0;
    const { stop, done, at } = follow(eventStore);
    await within(2000, () => at() === '1');
    await appendSteps(eventStore, [{ client: 2, fee: 0 }]);
    await within(2000, () => at() === '2');
    stop.abort();
    expect(await done).toBe(true);
    // Its first pass builds the projection (a rebuild reaches every committed event); then it follows.
    expect(reaches.at(-1)).toBe('readable');
  });
});

describe('a projector whose catch-up takes longer than its lease', () => {
  it('renews its leases while it folds, in rounds of at most a third of the TTL, and still reaches the end', async () => {
    const inner = createMemoryEventStore();
    await appendSteps(inner, Array.from({ length: 120 }, (_, i) => ({ client: i % 7, fee: i })));
    // Every page of the log takes 25 ms to read: 120 events in pages of 10 take some 300 ms.
    const eventStore: EventStore = {
      ...inner,
      async *readAll(options) {
        for await (const batch of inner.readAll(options)) {
          for (let i = 0; i < batch.length; i += 10) {
            await new Promise((resolve) => setTimeout(resolve, 25));
            yield batch.slice(i, i + 10);
          }
        }
      },
    };
    const store = createMemoryReadModelStore();
    const leasedAt: number[] = [];
    const readModelStore = { ...store, lease: (...args: Parameters<typeof store.lease>) => (leasedAt.push(performance.now()), store.lease(...args)) };
    const leaseTtlMs = 240;
    expect(await runProjector({ eventStore, readModelStore, projections: [countsProjection()], holder: 'test:slow', leaseTtlMs, batchSize: 10 })).toBe(true);
    expect((await store.head('counts'))?.checkpoint?.commit).toBe(120n);
    // Taken once and renewed between rounds: never left for longer than its TTL.
    expect(leasedAt.length).toBeGreaterThan(1);
    const gaps = leasedAt.slice(1).map((t, i) => t - leasedAt[i]!);
    expect(Math.max(...gaps)).toBeLessThan(leaseTtlMs);
  });
});
