// The lag a projector records with each checkpoint (issue 10.5): how many events of the log lie
// after it, so `rapport status` and --catch-up never readers show a number without reading the log.
import { describe, expect, it } from 'vitest';
import { createProjectionRunner, type EventStore } from '@rapport/core';
import { recordedLag } from '../../../src/projections/runner/origin.js';
import { projectionStatus } from '../../../src/application/projector-status.js';
import { appendSteps, at, countsProjection, createMemoryEventStore, createMemoryReadModelStore } from './support.js';

/** Ten events on three new clients (appendSteps starts each client's stream afresh). */
const tenEvents = (first: number) => Array.from({ length: 10 }, (_, i) => ({ client: first + (i % 3), fee: i * 100 }));

const lagOf = async (store: ReturnType<typeof createMemoryReadModelStore>, name: string): Promise<number | null> => {
  const head = await store.head(name);
  return head === null ? null : recordedLag(head.origin);
};

describe('the lag recorded with a checkpoint', () => {
  it('counts the events after a checkpoint short of the end, and is 0 at the end', async () => {
    const eventStore = createMemoryEventStore();
    const readModelStore = createMemoryReadModelStore();
    await appendSteps(eventStore, tenEvents(0));
    const projection = countsProjection();
    const runner = createProjectionRunner({ eventStore, readModelStore, projections: [projection], batchSize: 3 });
    await runner.start();
    // A first build folds the whole log into a new generation: 0.
    expect(await lagOf(readModelStore, projection.name)).toBe(0);

    await appendSteps(eventStore, tenEvents(10));
    // Stopped at event 14 of 20, committing every 3 events on the way.
    await runner.catchUp({ until: at(14) });
    expect((await readModelStore.head(projection.name))?.checkpoint).toEqual(at(14));
    expect(await lagOf(readModelStore, projection.name)).toBe(6);

    // What `rapport status` shows: counted in the log when it can read it, else the record.
    const now = Date.now();
    expect((await projectionStatus(readModelStore, eventStore, [projection.name], now))[0]?.lag).toBe(6);
    await appendSteps(eventStore, tenEvents(20).slice(0, 2));
    expect((await projectionStatus(readModelStore, eventStore, [projection.name], now))[0]?.lag).toBe(8);
    expect((await projectionStatus(readModelStore, null, [projection.name], now))[0]?.lag).toBe(6);

    await runner.catchUp();
    expect(await lagOf(readModelStore, projection.name)).toBe(0);
    expect((await projectionStatus(readModelStore, null, [projection.name], now))[0]?.lag).toBe(0);
  });

  it('is null from a store that cannot count, short of the end', async () => {
    const counted = createMemoryEventStore();
    const { countAfter: _count, ...rest } = counted;
    const eventStore: EventStore = { ...rest, readAll: (options) => counted.readAll(options) };
    const readModelStore = createMemoryReadModelStore();
    await appendSteps(eventStore, tenEvents(0));
    const projection = countsProjection();
    const runner = createProjectionRunner({ eventStore, readModelStore, projections: [projection], batchSize: 3 });
    await runner.start();
    await appendSteps(eventStore, tenEvents(10));
    await runner.catchUp({ until: at(14) });
    expect(await lagOf(readModelStore, projection.name)).toBeNull();
  });
});
