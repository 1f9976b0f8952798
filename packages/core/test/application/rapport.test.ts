// The embedding developer's API: commands in, read-your-writes, reports out, with an injected clock
// so every test is deterministic.
import { describe, expect, it } from 'vitest';
import {
  createMemoryEventStore,
  createMemoryReadModelStore,
  createRapport,
  InvalidReportInput,
  ReportError,
  type Rapport,
} from '@rapport/core';

/** A clock the test moves by hand; the event store and Rapport share it. */
const manualClock = (start: string) => {
  let now = Date.parse(start);
  return { now: () => new Date(now), set: (iso: string) => (now = Date.parse(iso)) };
};

const open = (clock: { now: () => Date }, extra: { commandIds?: () => string; timeZone?: string } = {}): Rapport =>
  createRapport({
    eventStore: createMemoryEventStore({ clock: clock.now }),
    readModelStore: createMemoryReadModelStore(),
    clock: clock.now,
    ...extra,
  });

const applied = async (rapport: Rapport, command: Record<string, unknown>) => {
  const result = await rapport.executeUntyped(command);
  if (result.status !== 'applied') throw new Error(`expected applied, got ${JSON.stringify(result)}`);
  return result.event;
};

describe('createRapport', () => {
  it('has one clock: recordedAt comes from it even when the store was opened without one', async () => {
    const clock = manualClock('2024-03-01T09:00:00.000Z');
    const rapport = createRapport({ eventStore: createMemoryEventStore(), readModelStore: createMemoryReadModelStore(), clock: clock.now });
    const event = await applied(rapport, { type: 'RegisterSalesperson', salespersonId: 'S1', name: 'Li Wei' });
    expect(event.metadata).toMatchObject({ occurredAt: '2024-03-01T09:00:00.000Z', recordedAt: '2024-03-01T09:00:00.000Z' });
    const [batched] = await rapport.executeBatchUntyped([{ type: 'SetVisitPlan', salespersonId: 'S1', month: '2024-03', plannedVisits: 4 }]);
    expect(batched?.status === 'applied' && batched.event.metadata.recordedAt).toBe('2024-03-01T09:00:00.000Z');
  });

  it('defaults occurredAt and as-of to the injected clock, and reads its own writes', async () => {
    const clock = manualClock('2024-03-01T09:00:00.000Z');
    const rapport = open(clock);
    await applied(rapport, { type: 'RegisterSalesperson', salespersonId: 'S1', name: 'Li Wei' });
    const event = await applied(rapport, { type: 'RegisterClient', clientId: 'C1', name: 'Acme', ownerId: 'S1' });
    expect(event.metadata.occurredAt).toBe('2024-03-01T09:00:00.000Z');
    expect(event.metadata.commandId).toBeNull();

    await rapport.waitFor(event.position);
    clock.set('2024-03-02T00:00:00.000Z');
    const report = await rapport.lifecycle();
    expect(report.asOf).toBe('2024-03-02T00:00:00.000Z');
    expect(report.counts).toEqual({ prospect: 1, contacted: 0, engaged: 0, churned: 0 });
    expect(report.clients).toEqual([
      { clientId: 'C1', name: 'Acme', stage: 'prospect', stageSince: '2024-03-01T09:00:00.000Z', ownerId: 'S1', lifetime: 1, lifetimeValue: 0 },
    ]);
    await rapport.close();
  });

  it('gives commands without a commandId one from the injected generator, making retries duplicates', async () => {
    const clock = manualClock('2024-03-01T09:00:00.000Z');
    let n = 0;
    const rapport = open(clock, { commandIds: () => `gen-${++n}` });
    const event = await applied(rapport, { type: 'RegisterSalesperson', salespersonId: 'S1', name: 'Li Wei' });
    expect(event.metadata.commandId).toBe('gen-1');
    expect(event.metadata.correlationId).toBe('gen-1');
    const retry = await rapport.execute({ type: 'RegisterSalesperson', salespersonId: 'S1', name: 'Li Wei', commandId: 'gen-1' });
    expect(retry).toEqual({ status: 'duplicate', stream: 'salesperson-S1', commandId: 'gen-1', position: event.position });
    expect(JSON.parse(JSON.stringify(retry))).toEqual(retry);
  });

  it('answers as of a past instant (--as-of) and as known at a past instant (--known-at)', async () => {
    const clock = manualClock('2024-01-10T00:00:00.000Z');
    const rapport = open(clock);
    await applied(rapport, { type: 'RegisterSalesperson', salespersonId: 'S1', name: 'Li Wei', occurredAt: '2024-01-01T00:00:00Z' });
    await applied(rapport, { type: 'RegisterClient', clientId: 'C1', name: 'Acme', ownerId: 'S1', occurredAt: '2024-01-02T00:00:00Z' });
    await applied(rapport, { type: 'RecordEngagement', clientId: 'C1', engagementId: 'E1', fee: 500_000, occurredAt: '2024-01-05T00:00:00Z' });
    // Recorded on 2024-02-01, but it happened on 2024-01-20: a late entry.
    clock.set('2024-02-01T00:00:00.000Z');
    await applied(rapport, { type: 'RecordChurn', clientId: 'C1', reason: 'competitor', occurredAt: '2024-01-20T00:00:00Z' });

    // True on 2024-01-25 (as-of): C1 had churned on the 20th.
    const truth = await rapport.lifecycle({ asOf: '2024-01-25' });
    expect(truth.counts).toEqual({ prospect: 0, contacted: 0, engaged: 0, churned: 1 });
    // Known on 2024-01-25 (known-at): the churn was not recorded until February, so C1 was engaged.
    const known = await rapport.lifecycle({ asOf: '2024-01-25', knownAt: '2024-01-25' });
    expect(known.counts).toEqual({ prospect: 0, contacted: 0, engaged: 1, churned: 0 });

    const winback = await rapport.winback({ asOf: '2024-01-25', knownAt: '2024-01-25' });
    expect(winback.clients).toEqual([]);
    const history = await rapport.history('C1', { asOf: '2024-01-25', knownAt: '2024-01-25' });
    expect(history.events.map((e) => e.type)).toEqual(['ClientRegistered', 'ClientEngaged']);
    expect(history.knownAt).toBe('2024-01-25T23:59:59.999Z');
    await expect(rapport.history('C1', { knownAt: '2024-01-01' })).rejects.toMatchObject({ name: 'ReportError', code: 'ClientNotFound' });
  });

  it('reads periods and as-of dates in the firm time zone', async () => {
    const clock = manualClock('2024-04-01T00:00:00.000Z');
    const rapport = open(clock, { timeZone: 'Asia/Shanghai' });
    await applied(rapport, { type: 'RegisterSalesperson', salespersonId: 'S1', name: 'Li Wei', occurredAt: '2024-01-01T00:00:00Z' });
    await applied(rapport, { type: 'RegisterClient', clientId: 'C1', name: 'Acme', ownerId: 'S1', occurredAt: '2024-01-02T00:00:00Z' });
    // 2024-02-29T17:00Z is 2024-03-01 01:00 in Shanghai: an acquisition in Shanghai's March.
    await applied(rapport, { type: 'RecordEngagement', clientId: 'C1', engagementId: 'E1', fee: 1, occurredAt: '2024-02-29T17:00:00Z' });
    const march = await rapport.attrition({ period: '2024-03' });
    expect(march.period).toEqual({ label: '2024-03', start: '2024-02-29T16:00:00.000Z', end: '2024-03-31T16:00:00.000Z' });
    expect(march.firm.acquired).toBe(1);
    const february = await rapport.attrition({ period: '2024-02' });
    expect(february.firm.acquired).toBe(0);
  });

  it('rejects malformed report inputs with the accepted forms', async () => {
    const rapport = open(manualClock('2024-04-01T00:00:00.000Z'));
    await expect(rapport.attrition({ period: '2024-13' })).rejects.toThrow(InvalidReportInput);
    await expect(rapport.attrition({ period: '2024-13' })).rejects.toThrow(/2024-Q1/);
    await expect(rapport.lifecycle({ asOf: '2023-02-30' })).rejects.toThrow(/asOf/);
    await expect(rapport.cohorts({ from: '2024-1' })).rejects.toThrow(/from/);
    await expect(rapport.winback({ limit: -1 })).rejects.toThrow(/limit/);
    expect(() => createRapport({
      eventStore: createMemoryEventStore(),
      readModelStore: createMemoryReadModelStore(),
      timeZone: 'Mars/Olympus',
    })).toThrow(/time zone/);
  });

  it('reports an unknown client as ClientNotFound', async () => {
    const rapport = open(manualClock('2024-04-01T00:00:00.000Z'));
    await expect(rapport.history('C404')).rejects.toThrow(ReportError);
    await expect(rapport.history('C404')).rejects.toMatchObject({ code: 'ClientNotFound', message: 'client C404 is not registered' });
  });

  it('rebuilds to the same reports it had live', async () => {
    const clock = manualClock('2024-06-01T00:00:00.000Z');
    const rapport = open(clock);
    await applied(rapport, { type: 'RegisterSalesperson', salespersonId: 'S1', name: 'Li Wei', occurredAt: '2024-01-01T00:00:00Z' });
    for (const id of ['C1', 'C2', 'C3']) {
      await applied(rapport, { type: 'RegisterClient', clientId: id, name: id, ownerId: 'S1', occurredAt: '2024-01-02T00:00:00Z' });
      await applied(rapport, { type: 'RecordEngagement', clientId: id, engagementId: 'E1', fee: 1000, occurredAt: '2024-02-02T00:00:00Z' });
    }
    await applied(rapport, { type: 'RecordChurn', clientId: 'C2', reason: 'dissatisfied', occurredAt: '2024-03-02T00:00:00Z' });
    const live = [await rapport.attrition({ period: '2024' }), await rapport.kpis({ period: '2024-Q1' }), await rapport.winback({ asOf: '2024-05-01' })];
    await rapport.rebuild();
    const rebuilt = [await rapport.attrition({ period: '2024' }), await rapport.kpis({ period: '2024-Q1' }), await rapport.winback({ asOf: '2024-05-01' })];
    expect(rebuilt).toEqual(live);
    expect(live[0]).toMatchObject({ firm: { activeAtStart: 0, acquired: 3, churnEvents: 1, activeAtEnd: 2 } });
  });
});
