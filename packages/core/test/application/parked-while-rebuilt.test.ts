// Parked events and status read a projection's live generation; a rebuild (or another process's
// first build) that replaces it between reading the head and reading the generation is read
// again from the new head, never reported as an internal error.
import { describe, expect, it } from 'vitest';
import { PARKED, createRapport, type ReadModelStore } from '@rapport/core';
import { caughtUpThroughTamperedLog, tampered } from '../projections/runner/tampered-log.js';

const commands = [
  { type: 'RegisterSalesperson', salespersonId: 'S1', name: 'Ana', occurredAt: '2024-01-01T00:00:00Z' },
  { type: 'RegisterClient', clientId: 'C1', name: 'Acme', ownerId: 'S1', occurredAt: '2024-01-02T00:00:00Z' },
  { type: 'RecordEngagement', clientId: 'C1', engagementId: 'E1', fee: 500, occurredAt: '2024-01-03T00:00:00Z' },
] as const;

/** The store, with `clients` rebuilt by another writer the first time its parked events are read. */
const rebuiltUnderTheRead = (inner: ReadModelStore, rebuild: () => Promise<void>): { store: ReadModelStore; raced: () => number } => {
  let races = 0;
  const store: ReadModelStore = {
    ...inner,
    scan: async (projection, generation, collection, range) => {
      if (races === 0 && projection === 'clients' && collection === PARKED) {
        races += 1;
        await rebuild();
      }
      return inner.scan(projection, generation, collection, range);
    },
  };
  return { store, raced: () => races };
};

const firm = async () => {
  const { eventStore, readModelStore, reader: other } = await caughtUpThroughTamperedLog(commands);
  const generation = async () => (await readModelStore.head('clients'))?.generation;
  return { eventStore, readModelStore, other, generation };
};

describe('reading parked events while a rebuild replaces the generation', () => {
  it('lists them from the new generation', async () => {
    const { eventStore, readModelStore, other, generation } = await firm();
    const before = await other.parked({ catchUp: 'never' });
    expect(before.map((p) => p.projection)).toContain('clients');
    const first = await generation();
    const { store, raced } = rebuiltUnderTheRead(readModelStore, () => other.rebuild(['clients']));
    const reader = createRapport({ eventStore: tampered(eventStore), readModelStore: store });
    expect(await reader.parked({ catchUp: 'never' })).toEqual(before);
    expect(raced()).toBe(1);
    expect(await generation()).not.toBe(first);
  });

  it('gives the status of the new generation', async () => {
    const { eventStore, readModelStore, other, generation } = await firm();
    const { store, raced } = rebuiltUnderTheRead(readModelStore, () => other.rebuild(['clients']));
    const reader = createRapport({ eventStore: tampered(eventStore), readModelStore: store, catchUp: 'never' });
    const clients = (await reader.status()).find((s) => s.name === 'clients');
    expect(raced()).toBe(1);
    expect(clients).toMatchObject({ generation: await generation(), parked: 1 });
  });
});
