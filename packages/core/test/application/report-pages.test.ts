// Reports read clients a page at a time (ReportSource.clients): over several pages, with a page
// cut at every boundary, the store-backed answer must equal the in-memory fold's (--known-at), and a
// cached answer the uncached one.
import { describe, expect, it } from 'vitest';
import { createMemoryEventStore, createMemoryReadModelStore, createRapport, DEFAULT_PAGE_SIZE, type ReadModelStore } from '@rapport/core';

const CLIENTS = DEFAULT_PAGE_SIZE * 2 + 203;
const now = () => new Date('2024-12-01T00:00:00Z');

const firm = async (cacheDocuments: boolean, readModelStore: ReadModelStore = createMemoryReadModelStore()) => {
  const rapport = createRapport({ eventStore: createMemoryEventStore({ clock: now }), readModelStore, clock: now, cacheDocuments });
  const execute = async (command: Parameters<typeof rapport.execute>[0]) => expect((await rapport.execute(command)).status).toBe('applied');
  await execute({ type: 'RegisterSalesperson', salespersonId: 'S1', name: 'Li', occurredAt: '2024-01-01T00:00:00Z' });
  for (let c = 0; c < CLIENTS; c++) {
    const clientId = `C${String(c).padStart(5, '0')}`;
    const day = 1 + (c % 28);
    await execute({ type: 'RegisterClient', clientId, name: `Client ${c}`, ownerId: 'S1', occurredAt: `2024-02-${String(day).padStart(2, '0')}T00:00:00Z` });
    if (c % 3 !== 0) await execute({ type: 'RecordEngagement', clientId, engagementId: `E${c}`, fee: 1000 + c, occurredAt: `2024-03-${String(day).padStart(2, '0')}T00:00:00Z` });
    if (c % 3 !== 0 && c % 5 === 1) await execute({ type: 'RecordChurn', clientId, reason: 'competitor', occurredAt: `2024-04-${String(day).padStart(2, '0')}T00:00:00Z` });
  }
  return rapport;
};

describe('reports over several pages of clients', () => {
  it('list every client once, in clientId order, as the in-memory fold does', async () => {
    const rapport = await firm(false);
    const fromStore = await rapport.lifecycle({ asOf: '2024-06-01' });
    expect(fromStore.clients).toHaveLength(CLIENTS);
    expect(fromStore.clients.map((r) => r.clientId)).toEqual([...fromStore.clients.map((r) => r.clientId)].sort());
    const folded = await rapport.lifecycle({ asOf: '2024-06-01', knownAt: now().toISOString() });
    expect({ ...fromStore, knownAt: null }).toEqual({ ...folded, knownAt: null });
    const segments = await rapport.segments({ asOf: '2024-06-01' });
    expect({ ...segments, knownAt: null }).toEqual({ ...(await rapport.segments({ asOf: '2024-06-01', knownAt: now().toISOString() })), knownAt: null });
    const attrition = await rapport.attrition({ period: '2024-Q2' });
    expect(attrition.firm.lost).toBeGreaterThan(100);
    expect({ ...attrition, knownAt: null }).toEqual({ ...(await rapport.attrition({ period: '2024-Q2', knownAt: now().toISOString() })), knownAt: null });
    await rapport.close();
  });

  it('answer the same from the document cache as from the store', async () => {
    const cached = await firm(true);
    const plain = await firm(false);
    for (let i = 0; i < 2; i++) {
      expect(await cached.lifecycle({ asOf: '2024-06-01' })).toEqual(await plain.lifecycle({ asOf: '2024-06-01' }));
      expect(await cached.kpis({ period: '2024-Q2' })).toEqual(await plain.kpis({ period: '2024-Q2' }));
      expect(await cached.winback({ asOf: '2024-06-01' })).toEqual(await plain.winback({ asOf: '2024-06-01' }));
    }
    await Promise.all([cached.close(), plain.close()]);
  });

  it('ask the store for clients in pages of the size it prefers (a round trip each on a network store), 100 otherwise', async () => {
    /** A memory store that records the limit of every scan of the clients collection. */
    const recording = (scanPageSize?: number): { store: ReadModelStore; limits: number[] } => {
      const inner = createMemoryReadModelStore();
      const limits: number[] = [];
      const store: ReadModelStore = {
        ...inner,
        ...(scanPageSize === undefined ? {} : { scanPageSize }),
        scan: (projection, generation, collection, range) => {
          if (collection === 'clients') limits.push(range.limit ?? Number.NaN);
          return inner.scan(projection, generation, collection, range);
        },
      };
      return { store, limits };
    };
    const preferring = recording(37);
    const plain = recording();
    const [a, b] = [await firm(false, preferring.store), await firm(false, plain.store)];
    expect(await a.lifecycle({ asOf: '2024-06-01' })).toEqual(await b.lifecycle({ asOf: '2024-06-01' }));
    expect(new Set(preferring.limits)).toEqual(new Set([37]));
    expect(preferring.limits.length).toBeGreaterThanOrEqual(Math.ceil(CLIENTS / 37));
    expect(new Set(plain.limits)).toEqual(new Set([100]));
    await Promise.all([a.close(), b.close()]);
  });
});
