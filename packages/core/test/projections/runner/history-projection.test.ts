// history CLIENT --catch-up never (issue 10.3): the `history` read model gives the report the
// log would, and a parked event of the client's stream is an integrity failure, not a hole.
import { describe, expect, it } from 'vitest';
import { createMemoryEventStore, createMemoryReadModelStore, createProjectionRunner, createRapport, UndecodableEvent } from '@rapport/core';
import { historyProjection } from '../../../src/projections/history/projection.js';
import { appendSteps, newEvent } from './support.js';
import { caughtUpThroughTamperedLog } from './tampered-log.js';

const T = '2024-01-02T00:00:00Z';
const commands = [
  { type: 'RegisterSalesperson', salespersonId: 'S1', name: 'Ana', occurredAt: '2024-01-01T00:00:00Z' },
  { type: 'RegisterClient', clientId: 'C1', name: 'Acme', ownerId: 'S1', occurredAt: T },
  { type: 'RegisterClient', clientId: 'C1.x', name: 'Near', ownerId: 'S1', occurredAt: T },
  { type: 'RecordEngagement', clientId: 'C1', engagementId: 'E1', fee: 500, occurredAt: '2024-01-03T00:00:00Z' },
] as const;


describe('history from the read models', () => {
  it('equals history from the log, one client only, and says how far the models got', async () => {
    const eventStore = createMemoryEventStore();
    const readModelStore = createMemoryReadModelStore();
    const rapport = createRapport({ eventStore, readModelStore });
    for (const command of commands) expect((await rapport.executeUntyped(command)).status).toBe('applied');
    const fromLog = await rapport.history('C1', { asOf: '2024-02-01' });
    const { checkpoint, lag, ...fromModels } = await rapport.history('C1', { asOf: '2024-02-01', catchUp: 'never' });
    expect(fromModels).toEqual(fromLog);
    expect(fromLog.events.map((e) => e.type)).toEqual(['ClientRegistered', 'ClientEngaged']);
    expect({ checkpoint, lag }).toEqual({ checkpoint: 4, lag: 0 });
    await expect(rapport.history('C2', { catchUp: 'never' })).rejects.toMatchObject({ code: 'ClientNotFound' });
  });

  it('fails as an integrity failure when an event of the client is parked', async () => {
    const { reader } = await caughtUpThroughTamperedLog(commands);
    expect((await reader.parked({ catchUp: 'never' })).map((p) => p.projection)).toContain('history');
    await expect(reader.history('C1', { catchUp: 'never' })).rejects.toBeInstanceOf(UndecodableEvent);
    // Another client's history is whole and answers.
    expect((await reader.history('C1.x', { catchUp: 'never' })).events).toHaveLength(1);
  });
});

describe('history folded by two runners at once', () => {
  // A report's catch-up beside a projector: the runner that loaded the generation first meets a
  // chunk the other has filled meanwhile. It read the full chunk from the store, and must keep it
  // long enough to see the event already in it, not ask the store for it for ever.
  it('a runner that finds a chunk another runner filled reads it once and carries on', async () => {
    const eventStore = createMemoryEventStore();
    const readModelStore = createMemoryReadModelStore();
    await appendSteps(eventStore, [{ client: 1, fee: 0 }]);
    const first = createProjectionRunner({ eventStore, readModelStore, projections: [historyProjection] });
    await first.catchUp();
    const late = createProjectionRunner({ eventStore, readModelStore, projections: [historyProjection] });
    await late.start();
    // Versions 1–7 of C1: its first history chunk (versions 0–7) is full.
    for (let version = 1; version <= 7; version++) {
      await eventStore.append({ stream: 'client-C1', expected: version - 1, events: [newEvent('ClientContacted', { clientId: 'C1', channel: 'call', salespersonId: 'S1' }, Date.UTC(2024, 0, 2 + version))] });
    }
    await first.catchUp();
    // It looped on reading the chunk (a report spinning for good beside a projector); a document
    // read and still not kept now fails the fold instead.
    await late.catchUp();
    expect(late.checkpoint('history')).toEqual(first.checkpoint('history'));
  });
});
