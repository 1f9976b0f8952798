// Two processes that each write and report over one store (two Rapports on the same stores stand
// for them): each report first catches up the read models, which the other has moved on meanwhile,
// all four at once. A catch-up takes what the other wrote and carries on; it once reloaded one
// projection a try and failed the report with CheckpointConflict on the third.
import { describe, expect, it } from 'vitest';
import { createMemoryEventStore, createMemoryReadModelStore, createRapport } from '@rapport/core';

describe('two processes writing and reporting over one store', () => {
  it('each report answers, counting what both wrote', async () => {
    const eventStore = createMemoryEventStore();
    const readModelStore = createMemoryReadModelStore();
    const a = createRapport({ eventStore, readModelStore });
    const b = createRapport({ eventStore, readModelStore });
    expect((await a.execute({ type: 'RegisterSalesperson', salespersonId: 'sp-1', name: 'Li Wei', occurredAt: '2024-01-01T00:00:00Z' })).status).toBe('applied');
    const turns = [a, b, a, b, a, b];
    for (const [i, rapport] of turns.entries()) {
      const result = await rapport.execute({ type: 'RegisterClient', clientId: `c-${i}`, name: 'Acme', ownerId: 'sp-1', occurredAt: '2024-01-02T00:00:00Z' });
      expect(result.status).toBe('applied');
      expect((await rapport.lifecycle()).counts.prospect).toBe(i + 1);
      expect((await rapport.kpis({ period: '2024' })).salespeople.find((s) => s.salespersonId === 'sp-1')?.newClients).toBe(0);
    }
  });
});
