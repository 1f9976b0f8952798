// cacheDocuments: a long-lived Rapport reads each collection once per checkpoint, not once per report,
// and never answers from documents older than the read models.
import { describe, expect, it } from 'vitest';
import { createMemoryEventStore, createMemoryReadModelStore, createRapport, type ReadModelStore } from '@rapport/core';

/** The memory store, counting scans of the clients collection. */
const counting = (): { store: ReadModelStore; scans: () => number; contactScans: () => number } => {
  const inner = createMemoryReadModelStore();
  let scans = 0;
  let contactScans = 0;
  const store: ReadModelStore = Object.create(inner) as ReadModelStore;
  store.scan = (projection, generation, collection, range) => {
    if (projection === 'clients' && collection === 'clients') scans += 1;
    if (projection === 'salespeople' && collection === 'contacts') contactScans += 1;
    return inner.scan(projection, generation, collection, range);
  };
  return { store, scans: () => scans, contactScans: () => contactScans };
};

const commands = [
  { type: 'RegisterSalesperson', salespersonId: 'S1', name: 'Li', occurredAt: '2024-01-01T00:00:00Z' },
  { type: 'RegisterClient', clientId: 'C1', name: 'Acme', ownerId: 'S1', occurredAt: '2024-01-02T00:00:00Z' },
  { type: 'RecordEngagement', clientId: 'C1', engagementId: 'E1', fee: 100, occurredAt: '2024-01-03T00:00:00Z' },
] as const;

describe('createRapport({ cacheDocuments: true })', () => {
  it('scans the clients once for many reports while nothing moves, and again after a new event', async () => {
    const { store, scans } = counting();
    const now = () => new Date('2024-06-01T00:00:00Z');
    const rapport = createRapport({ eventStore: createMemoryEventStore({ clock: now }), readModelStore: store, clock: now, cacheDocuments: true });
    for (const c of commands) expect((await rapport.execute(c)).status).toBe('applied');

    const first = await rapport.lifecycle({ asOf: '2024-05-01' });
    const before = scans();
    expect(await rapport.lifecycle({ asOf: '2024-05-01' })).toEqual(first);
    await rapport.segments({ asOf: '2024-05-01' });
    await rapport.attrition({ period: '2024-Q1' });
    expect(scans()).toBe(before);

    await rapport.execute({ type: 'RegisterClient', clientId: 'C2', name: 'Bolt', ownerId: 'S1', occurredAt: '2024-02-01T00:00:00Z' });
    const after = await rapport.lifecycle({ asOf: '2024-05-01' });
    expect(after.counts).toEqual({ prospect: 1, contacted: 0, engaged: 1, churned: 0 });
    expect(scans()).toBeGreaterThan(before);
  });

  it('keeps the contact buckets a KPI report read while nothing moves, and reads them again after a new event', async () => {
    const { store, contactScans } = counting();
    const now = () => new Date('2024-06-01T00:00:00Z');
    const rapport = createRapport({ eventStore: createMemoryEventStore({ clock: now }), readModelStore: store, clock: now, cacheDocuments: true });
    for (const c of commands) expect((await rapport.execute(c)).status).toBe('applied');
    await rapport.execute({ type: 'RecordContact', clientId: 'C1', channel: 'visit', salespersonId: 'S1', occurredAt: '2024-01-04T00:00:00Z' });

    // Another report first: the cache then stands for heads read by that report, equal to the KPI
    // report's own, and what the KPI report reads must still be kept.
    await rapport.lifecycle({ asOf: '2024-05-01' });
    const first = await rapport.kpis({ period: '2024-Q1' });
    expect(first.salespeople[0]).toMatchObject({ salespersonId: 'S1', contacts: 1, visits: 1 });
    const before = contactScans();
    expect(before).toBeGreaterThan(0);
    expect(await rapport.kpis({ period: '2024-Q1' })).toEqual(first);
    expect(contactScans()).toBe(before);

    await rapport.execute({ type: 'RecordContact', clientId: 'C1', channel: 'call', salespersonId: 'S1', occurredAt: '2024-01-05T00:00:00Z' });
    const after = await rapport.kpis({ period: '2024-Q1' });
    expect(after.salespeople[0]).toMatchObject({ contacts: 2, visits: 1 });
    expect(contactScans()).toBeGreaterThan(before);
  });

  it('is off by default: every report reads the store (a one-shot process keeps no copy)', async () => {
    const { store, scans } = counting();
    const now = () => new Date('2024-06-01T00:00:00Z');
    const rapport = createRapport({ eventStore: createMemoryEventStore({ clock: now }), readModelStore: store, clock: now });
    for (const c of commands) await rapport.execute(c);
    await rapport.lifecycle({ asOf: '2024-05-01' });
    const before = scans();
    await rapport.lifecycle({ asOf: '2024-05-01' });
    expect(scans()).toBeGreaterThan(before);
  });
});
