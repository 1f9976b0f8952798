// A report read while a projector keeps committing (another process): read again, waiting a little
// longer each time, and when the read models never hold still, StoreUnavailable saying so (the CLI's
// exit 3, one line), never a plain Error that the CLI prints as an internal error with a stack.
import { describe, expect, it } from 'vitest';
import { createMemoryEventStore, createMemoryReadModelStore, createRapport, StoreUnavailable, type ReadModelStore } from '@rapport/core';

/** The firm read model's head moves on at each of its first `moves` readings, as commits would move it. */
const moving = (inner: ReadModelStore, moves: number): ReadModelStore => {
  let readings = 0;
  return {
    ...inner,
    head: async (projection) => {
      const head = await inner.head(projection);
      if (projection !== 'firm' || head === null || head.checkpoint === null || readings >= moves) return head;
      readings += 1;
      return { ...head, checkpoint: { commit: head.checkpoint.commit + BigInt(readings), prepare: head.checkpoint.prepare } };
    },
  };
};

const built = async () => {
  const eventStore = createMemoryEventStore();
  const readModelStore = createMemoryReadModelStore();
  const writer = createRapport({ eventStore, readModelStore });
  expect((await writer.execute({ type: 'RegisterSalesperson', salespersonId: 'sp-1', name: 'Li Wei', occurredAt: '2024-01-01T00:00:00Z' })).status).toBe('applied');
  await writer.catchUp();
  return { eventStore, readModelStore };
};

describe('a report over read models a projector keeps moving', () => {
  it('answers once they hold still for one read', async () => {
    const { eventStore, readModelStore } = await built();
    const reader = createRapport({ eventStore, readModelStore: moving(readModelStore, 4), catchUp: 'never' });
    expect((await reader.lifecycle()).counts).toEqual({ prospect: 0, contacted: 0, engaged: 0, churned: 0 });
  });

  it('says they are busy (StoreUnavailable) when they never do, after a second or two', async () => {
    const { eventStore, readModelStore } = await built();
    const reader = createRapport({ eventStore, readModelStore: moving(readModelStore, Number.POSITIVE_INFINITY), catchUp: 'never' });
    const started = Date.now();
    const failure = reader.lifecycle();
    await expect(failure).rejects.toBeInstanceOf(StoreUnavailable);
    await expect(failure).rejects.toThrow('the read models changed under every one of 8 reads: a projector or a rebuild is writing them meanwhile; ask again');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
  });
});
