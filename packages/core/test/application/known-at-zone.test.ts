// A --known-at date is read in the firm's calendar as it was recorded (SPEC §4: the zone is that of
// the firm's settings recorded by then), never in today's zone: the day, the zone the report runs
// in and the events it counts must agree, including when the zone changed on that very day.
import { describe, expect, it } from 'vitest';
import { createMemoryEventStore, createMemoryReadModelStore, createRapport, type Rapport } from '@rapport/core';
import { knownAtOfDate, type ZoneStep } from '../../src/application/known-at.js';

/** A clock the test moves by hand: recordedAt is whatever it says. */
const manualClock = (start: string) => {
  let now = Date.parse(start);
  return { now: () => new Date(now), set: (iso: string) => (now = Date.parse(iso)) };
};
type Clock = ReturnType<typeof manualClock>;

const open = (clock: Clock, extra: { timeZone?: string } = {}): Rapport =>
  createRapport({ eventStore: createMemoryEventStore({ clock: clock.now }), readModelStore: createMemoryReadModelStore(), clock: clock.now, ...extra });

/** Executes `command` as recorded at `recordedAt`. */
const recordedAt = async (rapport: Rapport, clock: Clock, at: string, command: Record<string, unknown>): Promise<void> => {
  clock.set(at);
  const result = await rapport.executeUntyped(command);
  if (result.status !== 'applied') throw new Error(`expected applied, got ${JSON.stringify(result)}`);
};

/** s1 and an engaged c1, recorded as they happened in January. */
const engagedClient = async (rapport: Rapport, clock: Clock): Promise<void> => {
  await recordedAt(rapport, clock, '2024-01-01T00:00:00Z', { type: 'RegisterSalesperson', salespersonId: 's1', name: 'Li Wei', occurredAt: '2024-01-01T00:00:00Z' });
  await recordedAt(rapport, clock, '2024-01-02T00:00:00Z', { type: 'RegisterClient', clientId: 'c1', name: 'Acme', ownerId: 's1', occurredAt: '2024-01-02T00:00:00Z' });
  await recordedAt(rapport, clock, '2024-01-03T00:00:00Z', { type: 'RecordEngagement', clientId: 'c1', engagementId: 'e1', fee: 100_000, occurredAt: '2024-01-03T00:00:00Z' });
};

const stageOfC1 = async (rapport: Rapport, request: { asOf?: string; knownAt?: string }) =>
  (await rapport.lifecycle(request)).clients.find((c) => c.clientId === 'c1')?.stage;

describe('--known-at dates in the zone recorded by then', () => {
  it("reads a date in the zone known that day, not the firm's later zone (the auditor's reproduction)", async () => {
    const clock = manualClock('2024-01-01T00:00:00Z');
    const rapport = open(clock);
    await engagedClient(rapport, clock);
    // Churned on 1 February, entered late: recorded at 03:00Z on 10 March (still 9 March in New York).
    await recordedAt(rapport, clock, '2024-03-10T03:00:00Z', { type: 'RecordChurn', clientId: 'c1', reason: 'competitor', occurredAt: '2024-02-01T00:00:00Z' });
    // The firm chose New York only on 11 March: on 9 March its zone was UTC (nothing recorded).
    await recordedAt(rapport, clock, '2024-03-11T00:00:00Z', { type: 'ConfigureFirm', timeZone: 'America/New_York', occurredAt: '2024-03-11T00:00:00Z' });

    const report = await rapport.lifecycle({ asOf: '2024-02-15', knownAt: '2024-03-09' });
    // Before the fix: known at 2024-03-10T04:59:59.999Z (New York's end of day), zone UTC, c1 churned.
    expect(report.knownAt).toBe('2024-03-09T23:59:59.999Z');
    expect(report.asOf).toBe('2024-02-15T23:59:59.999Z');
    expect(await rapport.timeZone({ knownAt: '2024-03-09' })).toBe('UTC');
    expect(report.clients.find((c) => c.clientId === 'c1')?.stage).toBe('engaged');
    // Periods are read in the same zone.
    expect((await rapport.attrition({ period: '2024-02', knownAt: '2024-03-09' })).period.start).toBe('2024-02-01T00:00:00.000Z');

    // Once New York was recorded its days are New York's (EDT from 10 March): 11 March ends at 03:59:59.999Z on the 12th.
    expect((await rapport.lifecycle({ asOf: '2024-02-15', knownAt: '2024-03-11' })).knownAt).toBe('2024-03-12T03:59:59.999Z');
    expect(await rapport.timeZone({ knownAt: '2024-03-11' })).toBe('America/New_York');
    expect(await stageOfC1(rapport, { asOf: '2024-02-15', knownAt: '2024-03-11' })).toBe('churned');
    await rapport.close();
  });

  it('follows a change from one zone to another recorded on that very day, whatever the zone is today', async () => {
    const clock = manualClock('2024-01-01T00:00:00Z');
    const rapport = open(clock);
    await recordedAt(rapport, clock, '2024-01-01T00:00:00Z', { type: 'ConfigureFirm', timeZone: 'Asia/Shanghai' });
    await engagedClient(rapport, clock);
    // 10 May 10:00Z is 18:00 in Shanghai and 06:00 in New York: 10 May is still running in both.
    await recordedAt(rapport, clock, '2024-05-10T10:00:00Z', { type: 'ConfigureFirm', timeZone: 'America/New_York' });
    // 20:00Z: 16:00 on 10 May in New York (04:00 on 11 May in Shanghai, 21:00 on 10 May in London).
    await recordedAt(rapport, clock, '2024-05-10T20:00:00Z', { type: 'RecordChurn', clientId: 'c1', reason: 'competitor', occurredAt: '2024-05-10T20:00:00Z' });
    // 23:30Z: 19:30 on 10 May in New York, but 00:30 on 11 May in London, the zone chosen later.
    await recordedAt(rapport, clock, '2024-05-10T23:30:00Z', { type: 'ReactivateClient', clientId: 'c1', engagementId: 'e2', fee: 1, occurredAt: '2024-05-10T23:30:00Z' });
    await recordedAt(rapport, clock, '2024-06-01T00:00:00Z', { type: 'ConfigureFirm', timeZone: 'Europe/London' });

    // 10 May ended by New York's clock (EDT, -4): both late entries are known by then.
    const report = await rapport.lifecycle({ asOf: '2024-05-31', knownAt: '2024-05-10' });
    expect(report.knownAt).toBe('2024-05-11T03:59:59.999Z');
    expect(report.asOf).toBe('2024-06-01T03:59:59.999Z');
    expect(await rapport.timeZone({ knownAt: '2024-05-10' })).toBe('America/New_York');
    // Before the fix, London's (today's) end of 10 May, 22:59:59.999Z: the churn known, not the reactivation.
    expect(report.clients.find((c) => c.clientId === 'c1')?.stage).toBe('engaged');

    // 9 May was a Shanghai day: it ended at 15:59:59.999Z, before either late entry.
    const before = await rapport.lifecycle({ asOf: '2024-05-31', knownAt: '2024-05-09' });
    expect(before.knownAt).toBe('2024-05-09T15:59:59.999Z');
    expect(await rapport.timeZone({ knownAt: '2024-05-09' })).toBe('Asia/Shanghai');
    await rapport.close();
  });

  it('ends the day at a change that moves the calendar past it, and leaves that change out', async () => {
    const clock = manualClock('2024-01-01T00:00:00Z');
    const rapport = open(clock);
    await recordedAt(rapport, clock, '2024-01-01T00:00:00Z', { type: 'ConfigureFirm', timeZone: 'America/New_York' });
    await engagedClient(rapport, clock);
    // 18:00Z: 14:00 on 10 May in New York.
    await recordedAt(rapport, clock, '2024-05-10T18:00:00Z', { type: 'RecordChurn', clientId: 'c1', reason: 'competitor', occurredAt: '2024-05-10T18:00:00Z' });
    // 20:00Z: 16:00 on 10 May in New York, already 04:00 on 11 May in Shanghai: the rest of the day never came.
    await recordedAt(rapport, clock, '2024-05-10T20:00:00Z', { type: 'ConfigureFirm', timeZone: 'Asia/Shanghai' });

    const report = await rapport.lifecycle({ asOf: '2024-05-31', knownAt: '2024-05-10' });
    // Before the fix: Shanghai's end of 10 May (15:59:59.999Z), read then in New York, without the churn.
    expect(report.knownAt).toBe('2024-05-10T19:59:59.999Z');
    expect(await rapport.timeZone({ knownAt: '2024-05-10' })).toBe('America/New_York');
    expect(report.clients.find((c) => c.clientId === 'c1')?.stage).toBe('churned');
    await rapport.close();
  });

  it('leaves --tz and instants with Z or an offset as they were', async () => {
    const clock = manualClock('2024-01-01T00:00:00Z');
    const rapport = open(clock, { timeZone: 'Asia/Shanghai' });
    await engagedClient(rapport, clock);
    await recordedAt(rapport, clock, '2024-03-11T00:00:00Z', { type: 'ConfigureFirm', timeZone: 'America/New_York' });
    expect((await rapport.lifecycle({ knownAt: '2024-03-09' })).knownAt).toBe('2024-03-09T15:59:59.999Z');
    await rapport.close();

    const plainClock = manualClock('2024-01-01T00:00:00Z');
    const plain = open(plainClock);
    await recordedAt(plain, plainClock, '2024-03-11T00:00:00Z', { type: 'ConfigureFirm', timeZone: 'America/New_York' });
    expect((await plain.lifecycle({ knownAt: '2024-03-09T12:00:00+08:00' })).knownAt).toBe('2024-03-09T04:00:00.000Z');
    expect((await plain.lifecycle({ knownAt: '2024-03-09T12:00:00Z' })).knownAt).toBe('2024-03-09T12:00:00.000Z');
    expect(await plain.timeZone({ knownAt: '2024-03-09T12:00:00Z' })).toBe('UTC');
    await expect(plain.lifecycle({ knownAt: '2024-02-30' })).rejects.toThrow(/knownAt/);
    await plain.close();
  });
});

describe('knownAtOfDate', () => {
  const utc = Date.parse('2024-05-11T00:00:00Z');
  const steps = (...changes: [string, string][]): ZoneStep[] => [
    { from: Number.NEGATIVE_INFINITY, zone: 'UTC' },
    ...changes.map(([at, zone]) => ({ from: Date.parse(at), zone })),
  ];
  const iso = (ms: number): string => new Date(ms).toISOString();

  it('is the last millisecond of the day in the one zone in force', () => {
    expect(knownAtOfDate('2024-05-10', steps())).toBe(utc - 1);
    expect(iso(knownAtOfDate('2024-05-10', steps(['2024-01-01T00:00:00Z', 'Asia/Shanghai'])))).toBe('2024-05-10T15:59:59.999Z');
  });

  it('takes the first end of a day a westward change brings back', () => {
    // UTC's 10 May is over at 00:00Z; New York, recorded at 02:00Z, would be on 10 May again.
    expect(iso(knownAtOfDate('2024-05-10', steps(['2024-05-11T02:00:00Z', 'America/New_York'])))).toBe('2024-05-10T23:59:59.999Z');
  });

  it('reads a change recorded at the old midnight as in force at that instant', () => {
    // At 00:00Z on 11 May New York is recorded: it is 20:00 on 10 May there, so the day goes on.
    expect(iso(knownAtOfDate('2024-05-10', steps(['2024-05-11T00:00:00Z', 'America/New_York'])))).toBe('2024-05-11T03:59:59.999Z');
  });

  it('ends a day a change skipped altogether just before that change', () => {
    // Etc/GMT+12 (UTC-12) to Pacific/Kiritimati (UTC+14) at 11:30Z on 10 May: 23:30 on 9 May becomes 01:30 on 11 May.
    const skipped = steps(['2024-01-01T00:00:00Z', 'Etc/GMT+12'], ['2024-05-10T11:30:00Z', 'Pacific/Kiritimati']);
    expect(iso(knownAtOfDate('2024-05-10', skipped))).toBe('2024-05-10T11:29:59.999Z');
  });
});

describe('--known-at after a writer clock that stepped back', () => {
  it("takes each stream's events up to its first one recorded after the instant: history and reports agree", async () => {
    const clock = manualClock('2024-01-01T00:00:00Z');
    const rapport = open(clock);
    await recordedAt(rapport, clock, '2024-01-01T08:00:00Z', { type: 'RegisterSalesperson', salespersonId: 's1', name: 'Li Wei', occurredAt: '2024-01-01T00:00:00Z' });
    await recordedAt(rapport, clock, '2024-01-02T10:00:00Z', { type: 'RegisterClient', clientId: 'c1', name: 'Acme', ownerId: 's1', occurredAt: '2024-01-02T00:00:00Z' });
    // The clock stepped back an hour: the engagement is recorded before the registration it followed.
    await recordedAt(rapport, clock, '2024-01-02T09:00:00Z', { type: 'RecordEngagement', clientId: 'c1', engagementId: 'e1', fee: 100_000, occurredAt: '2024-01-02T01:00:00Z' });

    // Known at 09:30 the registration was not, so neither was the engagement decided on it.
    await expect(rapport.history('c1', { knownAt: '2024-01-02T09:30:00Z' })).rejects.toMatchObject({ name: 'ReportError', code: 'ClientNotFound' });
    expect(await stageOfC1(rapport, { asOf: '2024-01-03', knownAt: '2024-01-02T09:30:00Z' })).toBeUndefined();
    expect((await rapport.segments({ asOf: '2024-01-03', knownAt: '2024-01-02T09:30:00Z' })).totalRevenue12m).toBe(0);
    // Known at 10:30, both.
    expect((await rapport.history('c1', { knownAt: '2024-01-02T10:30:00Z' })).events.map((e) => e.type)).toEqual(['ClientRegistered', 'ClientEngaged']);
    expect(await stageOfC1(rapport, { asOf: '2024-01-03', knownAt: '2024-01-02T10:30:00Z' })).toBe('engaged');
  });
});
