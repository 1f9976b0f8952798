// rapport status (issue 10.5): `lag` counts the events after each checkpoint, and is null when the
// event store cannot be reached (never a stale number presented as current).
import { describe, expect, it } from 'vitest';
import { StoreUnavailable, createMemoryEventStore, createMemoryReadModelStore, createRapport, type EventStore } from '@rapport/core';
import { projectionStatus } from '../../src/application/projector-status.js';

const commands = [
  { type: 'RegisterSalesperson', salespersonId: 'S1', name: 'Li', occurredAt: '2024-01-01T00:00:00Z' },
  { type: 'RegisterClient', clientId: 'C1', name: 'Acme', ownerId: 'S1', occurredAt: '2024-01-02T00:00:00Z' },
] as const;

describe('status lag', () => {
  it('is the number of events after the checkpoint, and null when the log cannot be reached', async () => {
    const now = () => new Date('2024-06-01T00:00:00Z');
    const eventStore = createMemoryEventStore({ clock: now });
    const readModelStore = createMemoryReadModelStore();
    const rapport = createRapport({ eventStore, readModelStore, clock: now });
    for (const c of commands) await rapport.execute(c);
    await rapport.catchUp();
    await rapport.execute({ type: 'RegisterClient', clientId: 'C2', name: 'Bolt', ownerId: 'S1', occurredAt: '2024-01-03T00:00:00Z' });

    const [clients] = await projectionStatus(readModelStore, eventStore, ['clients'], now().getTime());
    expect(clients?.lag).toBe(1);

    const down: EventStore = Object.create(eventStore) as EventStore;
    const unavailable = () => { throw new StoreUnavailable('postgres://127.0.0.1:1/x: connection refused'); };
    Object.assign(down, { countAfter: unavailable, readAll: unavailable });
    const [offline] = await projectionStatus(readModelStore, down, ['clients'], now().getTime());
    expect(offline?.lag).toBeNull();
    expect(offline?.checkpoint).toBe(clients?.checkpoint);
  });
});
