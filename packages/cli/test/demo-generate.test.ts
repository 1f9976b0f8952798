import { describe, expect, it } from 'vitest';
import { checkDemoFirm } from '../src/demo/check.js';
import { DEMO_DEFAULTS, generateDemoFirm, type DemoEntry, type DemoFirm } from '../src/demo/generate.js';

const DAY_MS = 86_400_000;
const defaults = generateDemoFirm(DEMO_DEFAULTS);

const commandsOf = (firm: DemoFirm, type: string): Readonly<Record<string, unknown>>[] =>
  firm.entries.filter((e) => e.command['type'] === type).map((e) => e.command);
const valuesOf = (firm: DemoFirm, type: string, field: string): Set<unknown> => new Set(commandsOf(firm, type).map((c) => c[field]));
const lateness = (entry: DemoEntry): number => Date.parse(entry.recordedAt) - Date.parse(String(entry.command['occurredAt']));

describe('generateDemoFirm', () => {
  it('gives the same firm for the same seed, byte for byte', () => {
    const again = generateDemoFirm({ ...DEMO_DEFAULTS });
    expect(again).toEqual(defaults);
    expect(JSON.stringify(again)).toBe(JSON.stringify(defaults));
  });

  it('gives a different firm for a different seed', () => {
    const other = generateDemoFirm({ ...DEMO_DEFAULTS, seed: 2 });
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(defaults));
    expect(other.entries.length).not.toBe(defaults.entries.length);
  });

  it('starts by configuring the firm in Asia/Shanghai and ends on the fixed last day', () => {
    expect(defaults.timeZone).toBe('Asia/Shanghai');
    expect(defaults.entries[0]?.command).toMatchObject({ type: 'ConfigureFirm', timeZone: 'Asia/Shanghai' });
    expect(defaults.lastDay).toBe('2026-11-13');
    // 400 clients over three years: ten thousand-odd commands.
    expect(defaults.entries.length).toBeGreaterThan(8_000);
    expect(defaults.entries.length).toBeLessThan(30_000);
  });

  it.each([
    DEMO_DEFAULTS,
    { clients: 400, years: 3, seed: 2 },
    { clients: 400, years: 3, seed: 3 },
    { clients: 1, years: 1, seed: 1 },
    { clients: 1, years: 10, seed: 8 },
    { clients: 37, years: 2, seed: 99 },
    { clients: 120, years: 1, seed: 2 ** 40 + 3 },
    { clients: 2_500, years: 6, seed: -5 },
  ])('keeps every rule of the spec and the entry order for %o', (options) => {
    const firm = options === DEMO_DEFAULTS ? defaults : generateDemoFirm(options);
    expect(checkDemoFirm(firm)).toEqual([]);
    expect(commandsOf(firm, 'RegisterClient')).toHaveLength(options.clients);
  });

  it('has a checker that notices broken histories', () => {
    const [first, second, ...rest] = defaults.entries;
    if (first === undefined || second === undefined) throw new Error('empty firm');
    // Salespeople entered before the firm's settings: recordedAt runs backwards.
    expect(checkDemoFirm({ ...defaults, entries: [second, first, ...rest] }).length).toBeGreaterThan(0);
    const churn = defaults.entries.findIndex((e) => e.command['type'] === 'RecordChurn');
    const churned = defaults.entries[churn];
    if (churned === undefined) throw new Error('no churn');
    const engagedAfterChurn: DemoEntry = {
      command: { ...churned.command, type: 'RecordEngagement', commandId: 'x-1', engagementId: 'x-1', fee: 100 },
      recordedAt: churned.recordedAt,
    };
    const broken = [...defaults.entries.slice(0, churn + 1), engagedAfterChurn, ...defaults.entries.slice(churn + 1)];
    expect(checkDemoFirm({ ...defaults, entries: broken }).join()).toContain('ClientChurned');
    const duplicateId = defaults.entries.map((e, i) => (i === 5 ? { ...e, command: { ...e.command, commandId: 'demo-000001' } } : e));
    expect(checkDemoFirm({ ...defaults, entries: duplicateId }).join()).toContain('repeated');
  });

  it('uses every source, channel, complaint category and churn reason at the default size', () => {
    expect(valuesOf(defaults, 'RegisterClient', 'source')).toEqual(new Set(['exhibition', 'referral', 'b2b-platform', 'search', 'other']));
    expect(valuesOf(defaults, 'RecordContact', 'channel')).toEqual(new Set(['visit', 'call', 'email', 'meeting', 'other']));
    expect(valuesOf(defaults, 'FileComplaint', 'category')).toEqual(new Set(['quality', 'service', 'price', 'staff', 'other']));
    expect(valuesOf(defaults, 'FileComplaint', 'severity')).toEqual(new Set(['low', 'medium', 'high']));
    expect(valuesOf(defaults, 'RecordChurn', 'reason')).toEqual(new Set(['dissatisfied', 'competitor', 'negative-value', 'involuntary', 'other']));
    const sources = commandsOf(defaults, 'RegisterClient').map((c) => c['source']);
    const share = (source: string): number => sources.filter((s) => s === source).length / sources.length;
    expect(share('exhibition')).toBeGreaterThan(0.2);
    expect(share('referral')).toBeGreaterThan(0.2);
  });

  it('has a team with plans, a departure and its reassignments', () => {
    const salespeople = valuesOf(defaults, 'RegisterSalesperson', 'salespersonId');
    expect(salespeople.size).toBeGreaterThanOrEqual(6);
    expect(salespeople.size).toBeLessThanOrEqual(10);
    expect(commandsOf(defaults, 'ReassignClient').some((c) => c['reason'] === 'salesperson left')).toBe(true);
    for (const id of salespeople) {
      expect(commandsOf(defaults, 'SetAnnualPlan').some((c) => c['salespersonId'] === id)).toBe(true);
      expect(commandsOf(defaults, 'SetVisitPlan').some((c) => c['salespersonId'] === id)).toBe(true);
    }
    // Someone there throughout has a plan for each of 2023–2026 and one for each of the 37 months.
    const plansOf = (type: string, id: unknown) => commandsOf(defaults, type).filter((c) => c['salespersonId'] === id);
    const stayer = [...salespeople].find((id) => plansOf('SetVisitPlan', id).length === 37);
    expect(stayer).toBeDefined();
    expect(plansOf('SetAnnualPlan', stayer).map((c) => c['year'])).toEqual([2023, 2024, 2025, 2026]);
    expect(plansOf('SetVisitPlan', stayer).map((c) => c['month']).slice(0, 3)).toEqual(['2023-11', '2023-12', '2024-01']);
  });

  it('tells whole stories: prospects that never convert, repeat business, open complaints, churn and win-back', () => {
    const engaged = valuesOf(defaults, 'RecordEngagement', 'clientId');
    expect(engaged.size).toBeLessThan(400);
    const perClient = new Map<unknown, number>();
    for (const c of commandsOf(defaults, 'RecordEngagement')) perClient.set(c['clientId'], (perClient.get(c['clientId']) ?? 0) + 1);
    expect([...perClient.values()].filter((n) => n >= 3).length).toBeGreaterThan(50);
    const filed = commandsOf(defaults, 'FileComplaint').length;
    const resolved = commandsOf(defaults, 'ResolveComplaint').length;
    expect(resolved).toBeGreaterThan(filed * 0.8);
    expect(resolved).toBeLessThan(filed);
    expect(commandsOf(defaults, 'ReactivateClient').length).toBeGreaterThan(3);
    expect(commandsOf(defaults, 'RecordContact').some((c) => c['summary'] === 'win-back outreach')).toBe(true);
  });

  it('has a long tail of fees: most 5,000.00–80,000.00, a few from 200,000.00', () => {
    const fees = [...commandsOf(defaults, 'RecordEngagement'), ...commandsOf(defaults, 'ReactivateClient')].map((c) => Number(c['fee']));
    const within = fees.filter((f) => f >= 500_000 && f <= 8_000_000).length;
    expect(within / fees.length).toBeGreaterThan(0.7);
    expect(fees.filter((f) => f >= 20_000_000).length).toBeGreaterThan(10);
    expect(Math.max(...fees)).toBeLessThanOrEqual(200_000_000);
    expect(fees.every((f) => Number.isSafeInteger(f) && f >= 1)).toBe(true);
  });

  it('enters a few per cent of the commands late, some in the last full quarter', () => {
    const late = defaults.entries.filter((e) => lateness(e) > DAY_MS);
    expect(late.length / defaults.entries.length).toBeGreaterThan(0.03);
    expect(late.length / defaults.entries.length).toBeLessThan(0.06);
    // 2026-Q3 in Shanghai is [2026-06-30T16:00Z, 2026-09-30T16:00Z).
    const start = Date.parse('2026-06-30T16:00:00Z');
    const end = Date.parse('2026-09-30T16:00:00Z');
    const inQuarter = late.filter((e) => {
      const at = Date.parse(String(e.command['occurredAt']));
      return at >= start && at < end;
    });
    expect(inQuarter.length).toBeGreaterThan(5);
    // Known at the quarter's end, these were still missing: --known-at differs from the plain report.
    expect(inQuarter.some((e) => Date.parse(e.recordedAt) > end)).toBe(true);
    expect(defaults.entries.every((e) => e.recordedAt <= '2026-11-13T15:00:00.000Z')).toBe(true);
  });

  it('happens in office hours, Shanghai time', () => {
    const hours = defaults.entries.map((e) => (new Date(String(e.command['occurredAt'])).getUTCHours() + 8) % 24);
    expect(hours.every((h) => h >= 8 && h < 18)).toBe(true);
  });

  it('refuses options out of range', () => {
    expect(() => generateDemoFirm({ ...DEMO_DEFAULTS, clients: 0 })).toThrow(RangeError);
    expect(() => generateDemoFirm({ ...DEMO_DEFAULTS, clients: 100_001 })).toThrow(RangeError);
    expect(() => generateDemoFirm({ ...DEMO_DEFAULTS, years: 11 })).toThrow(RangeError);
    expect(() => generateDemoFirm({ ...DEMO_DEFAULTS, years: 1.5 })).toThrow(RangeError);
    expect(() => generateDemoFirm({ ...DEMO_DEFAULTS, seed: Number.NaN })).toThrow(RangeError);
  });
});
