// Readers that do not project (issue 10.3): with catchUp 'never' a report answers from the read
// models as they stand, never touching the event store, and says how far they had got.
import { describe, expect, it } from 'vitest';
import { clientsProjection, createMemoryEventStore, createMemoryReadModelStore, createRapport, InvalidReportInput, StoreUnavailable, type EventStore } from '@rapport/core';

const clock = () => new Date('2024-06-01T00:00:00.000Z');

/** An event store that cannot be reached: any use of it fails, so a test sees whether it was used. */
const unreachable = (): EventStore & { readonly calls: string[] } => {
  const calls: string[] = [];
  const fail = (what: string) => {
    calls.push(what);
    return Promise.reject(new StoreUnavailable('event store down for the test'));
  };
  return {
    calls,
    append: () => fail('append'),
    readStream: () => fail('readStream'),
    // eslint-disable-next-line require-yield
    async *readAll() {
      await fail('readAll');
    },
    identity: () => fail('identity'),
    close: async () => undefined,
  };
};

const firm = [
  { type: 'RegisterSalesperson', salespersonId: 'S1', name: 'Ana', occurredAt: '2024-01-01T00:00:00Z' },
  { type: 'RegisterClient', clientId: 'C1', name: 'Acme', ownerId: 'S1', occurredAt: '2024-01-02T00:00:00Z' },
  { type: 'RecordEngagement', clientId: 'C1', engagementId: 'E1', fee: 1000, occurredAt: '2024-01-03T00:00:00Z' },
];

describe('catchUp: never', () => {
  it('answers from the read models as they stand, without the event store, with checkpoint and lag', async () => {
    const eventStore = createMemoryEventStore();
    const readModelStore = createMemoryReadModelStore();
    const writer = createRapport({ eventStore, readModelStore, clock });
    for (const command of firm) await writer.executeUntyped(command);
    const caughtUp = await writer.lifecycle({ asOf: '2024-06-01' });

    const down = unreachable();
    const reader = createRapport({ eventStore: down, readModelStore, clock, catchUp: 'never' });
    const answer = await reader.lifecycle({ asOf: '2024-06-01' });
    // SPEC's keys as they were, then the two it does not name.
    expect(answer).toEqual({ ...caughtUp, checkpoint: 3, lag: 0 });
    expect(Object.keys(answer)).toEqual(['asOf', 'knownAt', 'checkpoint', 'lag', 'counts', 'clients']);
    expect(down.calls).toEqual([]);

    // A command the projector has not folded yet: the reader still answers as the models stand.
    await writer.executeUntyped({ type: 'RegisterClient', clientId: 'C2', name: 'Beta', ownerId: 'S1', occurredAt: '2024-02-01T00:00:00Z' });
    const behind = await reader.lifecycle({ asOf: '2024-06-01' });
    expect(behind.clients.map((c) => c.clientId)).toEqual(['C1']);
    expect(behind.checkpoint).toBe(3);
    // Asked per call, the same reader's Rapport can still catch up (here over the real store).
    const auto = await createRapport({ eventStore, readModelStore, clock, catchUp: 'never' }).lifecycle({ asOf: '2024-06-01', catchUp: 'auto' });
    expect(auto.clients.map((c) => c.clientId)).toEqual(['C1', 'C2']);
    expect(auto).not.toHaveProperty('checkpoint');
    expect(down.calls).toEqual([]);
  });

  it('refuses known-at (which folds the log), an unknown mode, and models never built', async () => {
    const reader = createRapport({ eventStore: unreachable(), readModelStore: createMemoryReadModelStore(), clock, catchUp: 'never' });
    await expect(reader.lifecycle({ knownAt: '2024-01-01' })).rejects.toThrow(InvalidReportInput);
    await expect(reader.lifecycle({ catchUp: 'sometimes' as 'never' })).rejects.toThrow(/catchUp must be auto or never/);
    await expect(reader.lifecycle()).rejects.toThrow(/never been built, or were lost \(a Redis flushed, or restarted with nothing saved\): run a projector first \(rapport project, or runProjector or catchUp in the API\)/);
  });

  it('refuses read models another version of a projection built, with or without a catch-up, until one rebuilds them', async () => {
    const eventStore = createMemoryEventStore();
    const readModelStore = createMemoryReadModelStore();
    const writer = createRapport({ eventStore, readModelStore, clock });
    for (const command of firm) await writer.executeUntyped(command);
    await writer.catchUp();
    // An older projector's clients generation goes live (documents of another shape).
    const older = await readModelStore.beginGeneration(clientsProjection.name, clientsProjection.version - 1);
    await readModelStore.activate(clientsProjection.name, older);

    const reader = createRapport({ eventStore: unreachable(), readModelStore, clock, catchUp: 'never' });
    const refused = reader.lifecycle({ asOf: '2024-06-01' });
    await expect(refused).rejects.toThrow(StoreUnavailable);
    await expect(refused).rejects.toThrow(`another version of Rapport: clients (version ${clientsProjection.version - 1}; this code reads ${clientsProjection.version})`);
    // A Rapport that catches up but already holds its generations does not rebuild: it refuses too,
    // rather than answer from documents of another shape.
    await expect(writer.lifecycle({ asOf: '2024-06-01' })).rejects.toThrow(/another version of Rapport: clients .*a projector of that version is writing/);
    // A catch-up (a projector of this version starting) rebuilds it, and the answer is the one from before.
    expect((await createRapport({ eventStore, readModelStore, clock }).lifecycle({ asOf: '2024-06-01' })).clients.map((c) => c.lifetimeValue)).toEqual([1000]);
    expect((await reader.lifecycle({ asOf: '2024-06-01' })).clients.map((c) => c.lifetimeValue)).toEqual([1000]);
  });
});
