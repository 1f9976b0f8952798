// A rebuild that fails leaves the live generation as it was and drops the generations it began;
// when the read-model store stopped answering, it reports at once instead of waiting out a
// time-out per generation on discards the next activation makes anyway.
import { describe, expect, it } from 'vitest';
import { StoreUnavailable, createProjectionRunner, type ReadModelStore } from '@rapport/core';
import { appendSteps, countsProjection, createMemoryEventStore, createMemoryReadModelStore, feesProjection } from './support.js';

/** The memory store whose batches fail with `failure`, counting the discards it is asked for. */
const failingBatches = (failure: () => Error) => {
  const inner = createMemoryReadModelStore();
  const discarded: string[] = [];
  const store: ReadModelStore = {
    ...inner,
    applyBatch: async () => {
      throw failure();
    },
    discardGeneration: async (name, generation) => {
      discarded.push(name);
      return inner.discardGeneration(name, generation);
    },
  };
  return { store, discarded };
};

const rebuildOn = async (readModelStore: ReadModelStore): Promise<unknown> => {
  const eventStore = createMemoryEventStore();
  await appendSteps(eventStore, [{ client: 1, fee: 0 }, { client: 2, fee: 300 }]);
  const runner = createProjectionRunner({ eventStore, readModelStore, projections: [countsProjection(), feesProjection] });
  return runner.rebuild().then(
    () => null,
    (error: unknown) => error,
  );
};

describe('a rebuild that fails', () => {
  it('drops the generations it began when the failure is not the store going silent', async () => {
    const { store, discarded } = failingBatches(() => new Error('a batch the store refused'));
    expect(await rebuildOn(store)).toMatchObject({ message: 'a batch the store refused' });
    expect(discarded.sort()).toEqual(['counts', 'fees']);
  });

  it('reports a store that stopped answering at once, asking it for no discard', async () => {
    const { store, discarded } = failingBatches(() => new StoreUnavailable('the read-model store: Command timed out'));
    expect(await rebuildOn(store)).toBeInstanceOf(StoreUnavailable);
    expect(discarded).toEqual([]);
  });
});

describe('a runner catching up while another process rebuilds', () => {
  it('takes the rebuilt generations of every projection at once and carries on', async () => {
    const eventStore = createMemoryEventStore();
    const readModelStore = createMemoryReadModelStore();
    const projections = [countsProjection(), feesProjection, { ...countsProjection(), name: 'counts-b' }, { ...countsProjection(), name: 'counts-c' }];
    await appendSteps(eventStore, [{ client: 1, fee: 0 }]);
    const follower = createProjectionRunner({ eventStore, readModelStore, projections });
    await follower.catchUp();
    // Another process rebuilds all four: every generation the follower holds is dropped.
    await createProjectionRunner({ eventStore, readModelStore, projections }).rebuild();
    await appendSteps(eventStore, [{ client: 2, fee: 300 }]);
    await follower.catchUp();
    for (const { name } of projections) expect(follower.live(name)?.generation).toBe((await readModelStore.head(name))?.generation);
    expect(follower.checkpoint('counts-c')).toEqual((await readModelStore.head('counts'))?.checkpoint);
  });
});
