// A rebuild's progress is recorded in the read-model store while it runs (issue 10.5), so status
// asked through another Rapport over the same stores (as another process would) shows it.
import { describe, expect, it } from 'vitest';
import { createProjectionRunner, createRapport, type EventStore, type ProjectionStatus } from '@rapport/core';
import { appendSteps, countsProjection, createMemoryEventStore, createMemoryReadModelStore } from './support.js';

/** The same log, read slowly in small batches: a rebuild long enough to be watched. */
const slow = (inner: EventStore): EventStore => ({
  ...inner,
  async *readAll(options) {
    for await (const batch of inner.readAll(options)) {
      for (let i = 0; i < batch.length; i += 250) {
        await new Promise((resolve) => setTimeout(resolve, 15));
        yield batch.slice(i, i + 250);
      }
    }
  },
});

describe('rebuild progress in the read-model store', () => {
  it('is seen by status elsewhere while the rebuild runs, with events so far of the total, and is gone after it', async () => {
    const eventStore = createMemoryEventStore();
    const readModelStore = createMemoryReadModelStore();
    await appendSteps(eventStore, Array.from({ length: 3000 }, (_, i) => ({ client: i % 40, fee: i % 3 === 0 ? 100 : 0 })));
    const projection = countsProjection();
    // Another reader of the same stores: status as `rapport status --catch-up never` asks it.
    const observer = createRapport({ eventStore, readModelStore, catchUp: 'never' });
    const statusOf = async (): Promise<ProjectionStatus | undefined> => (await observer.status()).find((p) => p.name === 'clients');
    expect((await statusOf())?.rebuild).toBeNull();

    // Rapport's status names its own projections: rebuild the counts into the `clients` name.
    const asClients = { ...projection, name: 'clients' };
    const rebuilding = createProjectionRunner({ eventStore: slow(eventStore), readModelStore, projections: [asClients], progressEveryMs: 0 }).rebuild();
    const seen: NonNullable<ProjectionStatus['rebuild']>[] = [];
    let finished = false;
    void rebuilding.finally(() => (finished = true));
    while (!finished) {
      const rebuild = (await statusOf())?.rebuild;
      if (rebuild != null) seen.push(rebuild);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await rebuilding;
    expect(seen.length).toBeGreaterThan(1);
    const during = seen.find((p) => p.events > 0 && p.events < 3000);
    expect(during).toMatchObject({ total: 3000, startedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    // It only grows, and the rebuild's start stays put.
    expect(seen.map((p) => p.events)).toEqual([...seen.map((p) => p.events)].sort((a, b) => a - b));
    expect(new Set(seen.map((p) => p.startedAt)).size).toBe(1);
    // Done: no rebuild shown, the generation live.
    expect(await statusOf()).toMatchObject({ rebuild: null, checkpoint: 3000 });
  });

  it('records nothing for a rebuild that ends within the interval', async () => {
    const eventStore = createMemoryEventStore();
    const readModelStore = createMemoryReadModelStore();
    await appendSteps(eventStore, Array.from({ length: 20 }, (_, i) => ({ client: i % 4, fee: 0 })));
    await createProjectionRunner({ eventStore, readModelStore, projections: [countsProjection()], progressEveryMs: 60_000 }).rebuild();
    expect(await readModelStore.head('$rebuild:counts')).toBeNull();
  });
});
