// Every report answers on any valid date range (issue 8.5): logs whose occurredAt run from year
// 0000 (as SPEC §1's YYYY allows) to 9999-12-31T23:59:59.999Z, as-of values and periods at both
// ends of that range, in every kind of zone (UTC; fixed +08:00; a half-hour offset with DST; +14,
// where 9999-12-31T10:00Z is already January of year 10000; a DST zone). No report may throw an
// internal error, print a number that is not finite, or grow past what the log spans: a year-9999
// typo once made `report cohorts` fail with a RangeError for good. The executor refuses an
// occurredAt more than 24 h after its clock (SPEC §3), so the logs are written under a clock set
// past the end of year 9999. Everything goes through the API, as a caller would ask.
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { parseInstant } from '../../src/domain/primitives.js';
import { localMonth, monthIndex, monthLabel, monthsStartingIn, nextMonth } from '../../src/domain/time/calendar.js';
import type { ChurnReason } from '../../src/domain/vocabulary.js';
import { createRapport } from '../../src/application/rapport.js';
import type { CommandInput, Rapport } from '../../src/application/rapport-api.js';
import { createMemoryEventStore } from '../../src/stores/memory/event-store.js';
import { createMemoryReadModelStore } from '../../src/stores/memory/read-models.js';

const instant = (text: string): number => {
  const ms = parseInstant(text);
  if (ms === undefined) throw new Error(`bad instant in test: ${text}`);
  return ms;
};

const MIN = instant('0000-01-01T00:00:00Z');
const MAX = instant('9999-12-31T23:59:59.999Z');
const EDGES = [
  MIN,
  MIN + 1,
  instant('0001-01-01T00:00:00Z'),
  -1,
  0,
  instant('2024-03-10T07:00:00Z'),
  instant('9999-12-01T00:00:00Z'),
  instant('9999-12-31T10:00:00Z'),
  MAX - 1,
  MAX,
];
const ZONES = ['UTC', 'Asia/Shanghai', 'America/St_Johns', 'Pacific/Kiritimati', 'America/New_York'];
const PERIODS = ['0000', '0000-Q1', '0000-01', '1969-12-31..1970-01-02', '9999', '9999-Q4', '9999-12', '0000-01-01..9999-12-31'];
const AS_OF = ['0000-01-01', '1970-01-01', '9999-12-31', '0000-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999+14:00'];
const REASONS: ChurnReason[] = ['dissatisfied', 'competitor', 'negative-value', 'involuntary', 'other'];
const CLIENTS = 3;

const anInstant = fc.oneof(fc.constantFrom(...EDGES), fc.integer({ min: MIN, max: MAX }));
const step = fc.record({ client: fc.nat(CLIENTS - 1), op: fc.nat(11), at: anInstant });

const DAY = 86_400_000;

/** A firm under a clock past year 9999, in `zone`, holding `commands`, every one of them applied. */
const firmWith = async (commands: readonly CommandInput[], zone: string): Promise<Rapport> => {
  const rapport = createRapport({
    eventStore: createMemoryEventStore(),
    readModelStore: createMemoryReadModelStore(),
    clock: () => new Date(MAX + DAY),
    timeZone: zone,
  });
  const results = await rapport.executeBatch(commands);
  const refused = results.flatMap((r, i) => (r.status === 'applied' ? [] : [`${i}: ${JSON.stringify(r)}`]));
  if (refused.length > 0) throw new Error(`test firm: commands not applied:\n${refused.join('\n')}`);
  return rapport;
};

/** Valid commands from steps: each client's steps in time order, each command allowed in its stage. */
const commandsOf = (steps: readonly { client: number; op: number; at: number }[]): CommandInput[] => {
  const first = new Date(MIN).toISOString();
  const commands: CommandInput[] = [
    { type: 'RegisterSalesperson', salespersonId: 'S1', name: 'Ana', occurredAt: first },
    { type: 'RegisterSalesperson', salespersonId: 'S2', name: 'Bo', occurredAt: first },
    { type: 'SetAnnualPlan', salespersonId: 'S1', year: 2000, newClientsTarget: 3, newBusinessTarget: 1_000_000, occurredAt: first },
    { type: 'SetAnnualPlan', salespersonId: 'S1', year: 2100, newClientsTarget: 3, newBusinessTarget: 1_000_000, occurredAt: first },
    { type: 'SetVisitPlan', salespersonId: 'S1', month: '0000-01', plannedVisits: 4, occurredAt: first },
    { type: 'SetVisitPlan', salespersonId: 'S2', month: '9999-12', plannedVisits: 4, occurredAt: first },
  ];
  const stage: ('new' | 'prospect' | 'engaged' | 'churned')[] = Array.from({ length: CLIENTS }, () => 'new');
  const counts = Array.from({ length: CLIENTS }, () => ({ engagements: 0, complaints: 0, resolved: 0 }));
  for (const { client, op, at } of [...steps].sort((a, b) => a.at - b.at)) {
    const clientId = `C${client}`;
    const occurredAt = new Date(at).toISOString();
    const n = counts[client]!;
    switch (stage[client]) {
      case 'new':
        commands.push({ type: 'RegisterClient', clientId, name: clientId, ownerId: op % 2 === 0 ? 'S1' : 'S2', occurredAt });
        stage[client] = 'prospect';
        break;
      case 'prospect':
        if (op % 3 === 0) commands.push({ type: 'RecordContact', clientId, channel: 'visit', occurredAt });
        else {
          commands.push({ type: 'RecordEngagement', clientId, engagementId: `E${++n.engagements}`, fee: 1 + op * 1_000_000, occurredAt });
          stage[client] = 'engaged';
        }
        break;
      case 'engaged':
        if (op < 4) {
          commands.push({ type: 'RecordChurn', clientId, reason: REASONS[op % 5]!, occurredAt });
          stage[client] = 'churned';
        } else if (op < 7) {
          commands.push({ type: 'FileComplaint', clientId, complaintId: `K${++n.complaints}`, category: 'price', severity: 'high', occurredAt });
        } else if (op < 9 && n.resolved < n.complaints) {
          commands.push({ type: 'ResolveComplaint', clientId, complaintId: `K${++n.resolved}`, occurredAt });
        } else commands.push({ type: 'RecordEngagement', clientId, engagementId: `E${++n.engagements}`, fee: op + 1, occurredAt });
        break;
      case 'churned':
        if (op < 6) {
          commands.push({ type: 'ReactivateClient', clientId, engagementId: `E${++n.engagements}`, fee: 1 + op, occurredAt });
          stage[client] = 'engaged';
        } else commands.push({ type: 'RecordContact', clientId, channel: 'call', occurredAt });
        break;
    }
  }
  return commands;
};

/** Every number in a report is finite: JSON.stringify would print NaN and Infinity as null, silently. */
const numbersOf = (value: unknown): number[] => {
  if (typeof value === 'number') return [value];
  if (Array.isArray(value)) return value.flatMap(numbersOf);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(numbersOf);
  return [];
};
const expectFinite = (report: unknown): void => {
  expect(numbersOf(report).filter((n) => !Number.isFinite(n))).toEqual([]);
};

/** The local month as luxon counts it, independently of the calendar module. */
const luxonMonth = (ms: number, zone: string): number => {
  const local = DateTime.fromMillis(ms, { zone });
  return local.year * 12 + local.month - 1;
};

describe('reports on extreme but valid dates', () => {
  it('never fail and stay bounded by what the log spans, in every kind of zone', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 1, maxLength: 14 }),
        fc.constantFrom(...ZONES),
        fc.constantFrom(...PERIODS),
        fc.constantFrom(...AS_OF),
        anInstant,
        async (steps, zone, period, asOf, t) => {
          const commands = commandsOf(steps);
          const rapport = await firmWith(commands, zone);
          const registered = new Set(commands.flatMap((c) => (c.type === 'RegisterClient' ? [c.clientId] : [])));

          for (const at of [asOf, new Date(t).toISOString()]) {
            const lifecycle = await rapport.lifecycle({ asOf: at });
            expect(lifecycle.clients.length).toBeLessThanOrEqual(registered.size);
            const winback = await rapport.winback({ asOf: at, all: true });
            expect(winback.clients.length).toBeLessThanOrEqual(registered.size);
            const segments = await rapport.segments({ asOf: at });
            expect(segments.clients.length).toBeLessThanOrEqual(registered.size);
            for (const report of [lifecycle, winback, segments]) expectFinite(report);
            for (const clientId of registered) expectFinite(await rapport.history(clientId, { asOf: at }));
          }

          const attrition = await rapport.attrition({ period });
          const kpis = await rapport.kpis({ period });
          const complaints = await rapport.complaints({ period, overdueDays: 36_500 });
          expect(attrition.bySalesperson).toHaveLength(2);
          expect(kpis.salespeople).toHaveLength(2);
          expect(complaints.bySalesperson).toHaveLength(2);
          for (const report of [attrition, kpis, complaints]) expectFinite(report);

          // Cohorts: one row per month that acquired someone, each as long as the months from it
          // to the month of the log's greatest occurredAt, as luxon counts them.
          const { cohorts } = await rapport.cohorts();
          const acquired = new Set(commands.flatMap((c) => (c.type === 'RecordEngagement' ? [c.clientId] : [])));
          expect(cohorts.length).toBeLessThanOrEqual(acquired.size);
          const last = luxonMonth(Date.parse((await rapport.lastOccurredAt())!), zone);
          for (const row of cohorts) {
            expect(row.retention).toHaveLength(last - monthIndex(row.cohort) + 1);
            expect(row.retention.every((share) => share >= 0 && share <= 1)).toBe(true);
          }
          expect((await rapport.cohorts({ from: '0000-01', to: '9999-12' })).cohorts.length).toBeLessThanOrEqual(cohorts.length);
          await rapport.close();
        },
      ),
      { numRuns: 60 },
    );
  });

  it('cohorts: a client acquired in 0001 and a year-9999 event give one row up to that month, east of UTC too', async () => {
    const commands: CommandInput[] = [
      { type: 'RegisterSalesperson', salespersonId: 'S1', name: 'Ana', occurredAt: '0001-01-01T00:00:00Z' },
      { type: 'RegisterClient', clientId: 'C1', name: 'Acme', ownerId: 'S1', occurredAt: '0001-01-01T00:00:00Z' },
      { type: 'RecordEngagement', clientId: 'C1', engagementId: 'E1', fee: 100, occurredAt: '0001-01-15T00:00:00Z' },
      { type: 'RecordChurn', clientId: 'C1', reason: 'competitor', occurredAt: '0001-03-15T00:00:00Z' },
      { type: 'RegisterSalesperson', salespersonId: 'S2', name: 'Bo', occurredAt: '9999-12-31T23:00:00Z' },
    ];
    const utc = await firmWith(commands, 'UTC');
    // January 0001 to December 9999: 9999 years of 12 months. Active at the end of January and
    // February, churned from March on.
    const { cohorts } = await utc.cohorts();
    expect(cohorts.map((c) => [c.cohort, c.size, c.retention.length])).toEqual([['0001-01', 1, 9999 * 12]]);
    expect(cohorts[0]!.retention.slice(0, 4)).toEqual([1, 1, 0, 0]);
    await utc.close();
    // In Pacific/Kiritimati (+14) the last event falls in January of year 10000: one month more.
    const east = await firmWith(commands, 'Pacific/Kiritimati');
    expect((await east.cohorts()).cohorts[0]!.retention).toHaveLength(9999 * 12 + 1);
    expect((await east.cohorts({ from: '0001-01', to: '0001-01' })).cohorts).toHaveLength(1);
    expect((await east.kpis({ period: '0000-01-01..9999-12-31' })).salespeople.map((s) => s.newBusiness)).toEqual([100, 0]);
    await east.close();
  });

  it('a year-10000 cohort month (9999-12-31 east of UTC) is labelled and bounded, and every report answers', async () => {
    const rapport = await firmWith(
      [
        { type: 'RegisterSalesperson', salespersonId: 'S1', name: 'Ana', occurredAt: '0001-01-01T00:00:00Z' },
        { type: 'RegisterClient', clientId: 'C1', name: 'Acme', ownerId: 'S1', occurredAt: '0001-01-01T00:00:00Z' },
        { type: 'RecordContact', clientId: 'C1', channel: 'visit', occurredAt: '0001-01-02T00:00:00Z' },
        { type: 'RecordContact', clientId: 'C1', channel: 'call', occurredAt: '9999-12-30T00:00:00Z' },
        { type: 'RecordEngagement', clientId: 'C1', engagementId: 'E1', fee: 5, occurredAt: '9999-12-31T23:00:00Z' },
      ],
      'Pacific/Kiritimati',
    );
    // Contacts over every day there is (3.65 million of them), counted from the days that hold one.
    const all = (await rapport.kpis({ period: '0000-01-01..9999-12-31' })).salespeople[0]!;
    expect([all.contacts, all.visits]).toEqual([2, 1]);
    expect((await rapport.cohorts()).cohorts).toEqual([{ cohort: '10000-01', size: 1, retention: [1] }]);
    expect((await rapport.lifecycle({ asOf: '9999-12-31' })).counts.engaged).toBe(0);
    expect((await rapport.lifecycle({ asOf: '9999-12-31T23:59:59.999Z' })).counts.engaged).toBe(1);
    expect((await rapport.kpis({ period: '0000-01-01..9999-12-31' })).salespeople[0]!.newBusiness).toBe(0);
    expect((await rapport.attrition({ period: '9999' })).firm.acquired).toBe(0);
    expect((await rapport.segments({ asOf: '9999-12-31T23:59:59.999Z' })).totalRevenue12m).toBe(5);
    await rapport.close();
  });

  it('months just outside years 0000–9999 have labels that read back', () => {
    expect(localMonth(MAX, 'Pacific/Kiritimati')).toBe('10000-01');
    expect(localMonth(MIN, 'America/St_Johns')).toBe('-0001-12');
    expect(nextMonth('9999-12')).toBe('10000-01');
    for (const label of ['10000-01', '-0001-12', '0000-01', '9999-12']) expect(monthLabel(monthIndex(label))).toBe(label);
    // A period of every valid year lists its 120,000 months without a zone look-up for each.
    expect(monthsStartingIn(MIN, MAX + 1, 'UTC')).toHaveLength(120_000);
  });
});
