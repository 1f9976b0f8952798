// Each `rapport report` subcommand end to end, the real executable in child processes: its numbers for the
// sample firm (see support/sample-firm.ts) in json, table and csv, its usage errors, and the help that documents it.
import { describe, expect, it } from 'vitest';
import type { AttritionReport, CohortReport, KpiReport, LifecycleReport, SegmentsReport, WinbackReport } from '@rapport/core';
import { runCli } from './support/run-cli.js';
import { parseCsv, parseTable, sampleFirm, succeeded, usageError } from './support/sample-firm.js';

const { firm, onFirm, jsonOf } = sampleFirm('rapport-report-commands-');

const LIFECYCLE_COLUMNS = ['clientId', 'name', 'stage', 'stageSince', 'ownerId', 'lifetime', 'lifetimeValue'];
const ATTRITION_KEYS = [
  'activeAtStart', 'acquired', 'reactivated', 'churnEvents', 'churnedByReason', 'lost', 'controllableLost', 'activeAtEnd',
  'attritionRate', 'controllableAttritionRate',
];
const REASONS = ['dissatisfied', 'competitor', 'negative-value', 'involuntary', 'other'];
const KPI_KEYS = [
  'salespersonId', 'contacts', 'visits', 'plannedVisits', 'visitPlanCompletion', 'newClients', 'newClientsTarget',
  'newClientsAttainment', 'newBusiness', 'newBusinessTarget', 'newBusinessAttainment', 'complaints', 'complaintsResolved',
  'meanResolutionHours', 'winBacks', 'activeAtStart', 'lost', 'controllableLost', 'attritionRate', 'controllableAttritionRate',
  'activeAtEnd',
];
const WINBACK_COLUMNS = ['clientId', 'name', 'ownerId', 'churnedAt', 'reason', 'daysSinceChurn', 'lifetimeValue', 'openComplaints', 'score', 'action'];
const SEGMENT_COLUMNS = ['clientId', 'name', 'ownerId', 'revenue12m', 'share', 'cumulativeShare', 'tier', 'keyAccount'];

describe('rapport report lifecycle', () => {
  it('counts and lists the clients as of a date, alike with options before or after the subcommand', async () => {
    const [now, before, mid, table, csv] = await Promise.all([
      onFirm(['report', 'lifecycle', '--as-of', '2025-06-30', '--format', 'json']),
      runCli(['--format', 'json', '--as-of', '2025-06-30', '--store', firm.url, 'report', 'lifecycle']),
      jsonOf<LifecycleReport>(['report', 'lifecycle', '--as-of', '2024-06-30']),
      onFirm(['report', 'lifecycle', '--as-of', '2025-06-30']),
      onFirm(['report', 'lifecycle', '--as-of', '2025-06-30', '--format', 'csv']),
    ]);
    expect(succeeded(before)).toBe(succeeded(now));
    const report = JSON.parse(now.stdout) as LifecycleReport;
    expect(Object.keys(report)).toEqual(['asOf', 'knownAt', 'counts', 'clients']);
    // A date as-of is the last millisecond of that day (UTC by default).
    expect(report.asOf).toBe('2025-06-30T23:59:59.999Z');
    // contacted: c-007, c-012; churned: c-004, c-005, c-008, c-009; the other six engaged.
    expect(report.counts).toEqual({ prospect: 0, contacted: 2, engaged: 6, churned: 4 });
    expect(report.clients.map((c) => c.clientId)).toEqual(Array.from({ length: 12 }, (_, i) => `c-${String(i + 1).padStart(3, '0')}`));
    for (const client of report.clients) expect(Object.keys(client)).toEqual(LIFECYCLE_COLUMNS);
    // c-002: reactivated on 2025-03-10 (lifetime 2); 2.6M + 2.2M. c-003: 9.6M + 12M + 11M, engaged
    // since its first engagement (repeat business does not move stageSince). c-006: reassigned to wang.
    expect(report.clients[1]).toEqual({
      clientId: 'c-002', name: 'Ningbo Harbour Logistics Ltd.', stage: 'engaged', stageSince: '2025-03-10T06:00:00.000Z',
      ownerId: 'sp-wang', lifetime: 2, lifetimeValue: 4_800_000,
    });
    expect(report.clients[2]).toMatchObject({ stage: 'engaged', stageSince: '2024-03-04T06:00:00.000Z', lifetimeValue: 32_600_000 });
    expect(report.clients[5]).toMatchObject({ ownerId: 'sp-wang', lifetimeValue: 14_700_000 });

    // On 2024-06-30 only c-001…c-009 were registered; c-007 was contacted, the rest engaged (c-008 on 06-17).
    expect(mid.counts).toEqual({ prospect: 0, contacted: 1, engaged: 8, churned: 0 });
    expect(mid.clients).toHaveLength(9);
    expect(mid.clients[5]).toMatchObject({ clientId: 'c-006', ownerId: 'sp-chen', lifetimeValue: 7_200_000 });

    const { header, columns, rows } = parseTable(succeeded(table));
    expect([...header]).toEqual([
      // Instants in the zone with its offset, and the zone in use, for people; JSON and CSV keep the ISO form.
      ['asOf', '2025-06-30 23:59:59.999 +00:00'], ['clients', '12'], ['prospect', '0'], ['contacted', '2'], ['engaged', '6'], ['churned', '4'],
      ['time zone', 'UTC'],
    ]);
    expect(columns).toEqual(LIFECYCLE_COLUMNS);
    expect(rows[1]).toEqual(['c-002', 'Ningbo Harbour Logistics Ltd.', 'engaged', '2025-03-10 06:00:00 +00:00', 'sp-wang', '2', '48,000.00']);

    const records = parseCsv(succeeded(csv));
    expect(records[0]).toEqual(LIFECYCLE_COLUMNS);
    expect(records).toHaveLength(13);
    expect(records[2]).toEqual(['c-002', 'Ningbo Harbour Logistics Ltd.', 'engaged', '2025-03-10T06:00:00.000Z', 'sp-wang', '2', '4800000']);
  });
});

describe('rapport report attrition', () => {
  it('gives the firm and each salesperson over a period; csv puts the firm first with an empty salespersonId', async () => {
    const [report, table, csv, missing, bad] = await Promise.all([
      jsonOf<AttritionReport>(['report', 'attrition', '--period', '2025-Q1']),
      onFirm(['report', 'attrition', '--period', '2025-Q1']),
      onFirm(['report', 'attrition', '--period', '2025-Q1', '--format', 'csv']),
      onFirm(['report', 'attrition']),
      onFirm(['report', 'attrition', '--period', '2024-13']),
    ]);
    expect(Object.keys(report)).toEqual(['period', 'knownAt', 'firm', 'bySalesperson']);
    expect(report.period).toEqual({ label: '2025-Q1', start: '2025-01-01T00:00:00.000Z', end: '2025-04-01T00:00:00.000Z' });
    expect(Object.keys(report.firm)).toEqual(ATTRITION_KEYS);
    expect(Object.keys(report.firm.churnedByReason)).toEqual(REASONS);
    // Active before 2025-01-01: c-001, c-003, c-005, c-006 (c-002, c-004, c-008, c-009 had churned).
    // Lost by 2025-04-01: c-005 (involuntary, so not controllable): 1 / 4. Acquired: c-010, c-011;
    // reactivated: c-002. Active at the end: c-001, c-002, c-003, c-006, c-010, c-011.
    expect(report.firm).toEqual({
      activeAtStart: 4, acquired: 2, reactivated: 1, churnEvents: 1,
      churnedByReason: { dissatisfied: 0, competitor: 0, 'negative-value': 0, involuntary: 1, other: 0 },
      lost: 1, controllableLost: 0, activeAtEnd: 6, attritionRate: 0.25, controllableAttritionRate: 0,
    });
    expect(report.bySalesperson.map((s) => s.salespersonId)).toEqual(['sp-chen', 'sp-li', 'sp-wang']);
    for (const row of report.bySalesperson) expect(Object.keys(row)).toEqual(['salespersonId', ...ATTRITION_KEYS]);
    // chen: c-005 at the start, lost; acquired c-011. wang: c-001 and c-006 (since the reassignment), won back c-002.
    expect(report.bySalesperson[0]).toMatchObject({ activeAtStart: 1, lost: 1, acquired: 1, activeAtEnd: 1, attritionRate: 1 });
    expect(report.bySalesperson[2]).toMatchObject({ activeAtStart: 2, lost: 0, reactivated: 1, activeAtEnd: 3, attritionRate: 0 });

    const { header, columns, rows } = parseTable(succeeded(table));
    expect([...header]).toEqual([['period', '2025-Q1'], ['start', '2025-01-01 00:00:00 +00:00'], ['end', '2025-04-01 00:00:00 +00:00'], ['time zone', 'UTC']]);
    expect(columns).toEqual(['metric', '(firm)', 'sp-chen', 'sp-li', 'sp-wang']);
    expect(rows.map((row) => row[0])).toEqual([
      ...ATTRITION_KEYS.slice(0, 4), ...REASONS.map((r) => `churnedByReason.${r}`), ...ATTRITION_KEYS.slice(5),
    ]);
    expect(rows.find((row) => row[0] === 'attritionRate')).toEqual(['attritionRate', '25%', '100%', '0%', '0%']);

    const records = parseCsv(succeeded(csv));
    expect(records[0]).toEqual([
      'salespersonId', ...ATTRITION_KEYS.slice(0, 4), ...REASONS.map((r) => `churnedByReason.${r}`), ...ATTRITION_KEYS.slice(5),
    ]);
    expect(records.slice(1).map((r) => r[0])).toEqual(['', 'sp-chen', 'sp-li', 'sp-wang']);
    expect(records[1]).toEqual(['', '4', '2', '1', '1', '0', '0', '0', '1', '0', '1', '0', '6', '0.25', '0']);

    usageError(missing, /report attrition needs --period P: 2024 \(year\), 2024-Q1 \(quarter\), 2024-03 \(month\) or 2024-01-15\.\.2024-02-15/);
    usageError(bad, /--period: period "2024-13" is not valid: expected a year YYYY \(2024\), a quarter YYYY-Qn .* or days YYYY-MM-DD\.\.YYYY-MM-DD/);
  });
});

describe('rapport report kpis', () => {
  it('gives every salesperson the spec keys, plans prorated by month', async () => {
    const [q1, table, year] = await Promise.all([
      jsonOf<KpiReport>(['report', 'kpis', '--period', '2024-Q1']),
      onFirm(['report', 'kpis', '--period', '2024-Q1']),
      onFirm(['report', 'kpis', '--period', '2024', '--format', 'csv']),
    ]);
    expect(Object.keys(q1)).toEqual(['period', 'knownAt', 'salespeople']);
    for (const row of q1.salespeople) expect(Object.keys(row)).toEqual(KPI_KEYS);
    const [chen, li, wang] = q1.salespeople;
    // wang in Q1: contacts c-001 (visit), c-002 (call); plans 6+6+8; acquired c-001 and c-002
    // (4.8M + 2.6M) against 4 × 3/12 and 12M × 3/12.
    expect(wang).toMatchObject({
      salespersonId: 'sp-wang', contacts: 2, visits: 1, plannedVisits: 20, visitPlanCompletion: 0.05,
      newClients: 2, newClientsTarget: 1, newClientsAttainment: 2, newBusiness: 7_400_000, newBusinessTarget: 3_000_000,
      meanResolutionHours: null, activeAtStart: 0, attritionRate: null,
    });
    // chen: visits c-005, c-007, c-003 and a meeting with c-006; March's plan is the later 4: 5+6+4.
    expect(chen).toMatchObject({ contacts: 4, visits: 3, plannedVisits: 15, visitPlanCompletion: 0.2, newClients: 1, newClientsTarget: 0.75 });
    expect(li).toMatchObject({ plannedVisits: 26, newClients: 2, newBusiness: 13_100_000, newClientsTarget: 1.25 });

    const { columns, rows } = parseTable(succeeded(table));
    expect(columns).toEqual(['metric', 'sp-chen', 'sp-li', 'sp-wang']);
    expect(rows.map((row) => row[0])).toEqual(KPI_KEYS.slice(1));
    // Rates read as percentages: li's 1 visit of 26 planned is 3.8%.
    expect(rows.find((row) => row[0] === 'visitPlanCompletion')).toEqual(['visitPlanCompletion', '20%', '3.8%', '5%']);
    expect(rows.find((row) => row[0] === 'newBusiness')?.[2]).toBe('131,000.00');
    expect(rows.find((row) => row[0] === 'meanResolutionHours')).toEqual(['meanResolutionHours', '', '', '']);

    const records = parseCsv(succeeded(year));
    expect(records[0]).toEqual(KPI_KEYS);
    const wang2024 = Object.fromEntries(KPI_KEYS.map((key, i) => [key, records[3]?.[i]]));
    // wang's complaints in 2024: c-002 (filed 05-06 01:00, resolved 05-20 09:00: 14 days + 8 h = 344 h)
    // and c-009 (never resolved). Acquired c-001, c-002, c-009 against 4; fees 4.8+1.5+2.6+3.1 = 12M.
    expect(wang2024).toMatchObject({
      salespersonId: 'sp-wang', complaints: '2', complaintsResolved: '1', meanResolutionHours: '344',
      newClients: '3', newClientsTarget: '4', newClientsAttainment: '0.75', newBusiness: '12000000', newBusinessAttainment: '1',
      attritionRate: '',
    });
  });
});

describe('rapport report winback', () => {
  it('scores the controllable churns, and --all and --limit extend and cut the list', async () => {
    const [report, all, table, csv, badLimit] = await Promise.all([
      jsonOf<WinbackReport>(['report', 'winback', '--as-of', '2025-06-30']),
      jsonOf<WinbackReport>(['report', 'winback', '--as-of', '2025-06-30', '--all', '--limit', '3']),
      onFirm(['report', 'winback', '--as-of', '2025-06-30', '--all']),
      onFirm(['report', 'winback', '--as-of', '2025-06-30', '--format', 'csv']),
      onFirm(['report', 'winback', '--limit', 'ten']),
    ]);
    expect(Object.keys(report)).toEqual(['asOf', 'knownAt', 'clients']);
    for (const row of report.clients) expect(Object.keys(row)).toEqual(WINBACK_COLUMNS);
    // c-004 (competitor, w 1.0) churned 2024-11-18 08:00: 224 whole days before 2025-06-30T23:59:59.999Z;
    // c-009 (other, w 0.6) churned 2024-11-04 08:00: 238 days, its price complaint still open.
    // c-005 (involuntary) and c-008 (negative-value) are uncontrollable: only with --all.
    expect(report.clients).toEqual([
      {
        clientId: 'c-004', name: 'Shenzhen Brightlight Electronics', ownerId: 'sp-li', churnedAt: '2024-11-18T08:00:00.000Z',
        reason: 'competitor', daysSinceChurn: 224, lifetimeValue: 3_500_000, openComplaints: 0,
        score: expect.closeTo(3_500_000 * Math.exp(-224 / 365), 6) as number, action: 'differentiated-offer',
      },
      {
        clientId: 'c-009', name: 'Dongguan Mould Works', ownerId: 'sp-wang', churnedAt: '2024-11-04T08:00:00.000Z',
        reason: 'other', daysSinceChurn: 238, lifetimeValue: 3_100_000, openComplaints: 1,
        score: expect.closeTo(3_100_000 * 0.6 * Math.exp(-238 / 365), 6) as number, action: 'call-to-learn-reason',
      },
    ]);
    expect(all.clients.map((c) => [c.clientId, c.score === 0, c.action])).toEqual([
      ['c-004', false, 'differentiated-offer'], ['c-009', false, 'call-to-learn-reason'], ['c-005', true, 'let-go'],
    ]);

    const { header, columns, rows } = parseTable(succeeded(table));
    expect(header.get('clients')).toBe('4');
    expect(columns).toEqual(WINBACK_COLUMNS);
    expect(rows.map((row) => row[0])).toEqual(['c-004', 'c-009', 'c-005', 'c-008']);
    // The score is an amount: in major units to the cent, as lifetimeValue beside it.
    expect(rows[0]?.[8]).toBe('18,947.07');

    const records = parseCsv(succeeded(csv));
    expect(records[0]).toEqual(WINBACK_COLUMNS);
    expect(records.slice(1).map((r) => r[0])).toEqual(['c-004', 'c-009']);
    expect(Number(records[1]?.[8])).toBe(report.clients[0]?.score);

    usageError(badLimit, /--limit: expected an integer ≥ 0, got "ten"/);
  });
});

describe('rapport report segments', () => {
  it('ranks the active clients by revenue of the last 365 days, with tiers and key accounts', async () => {
    const [report, lower, table, csv] = await Promise.all([
      jsonOf<SegmentsReport>(['report', 'segments', '--as-of', '2025-06-30']),
      jsonOf<SegmentsReport>(['report', 'segments', '--as-of', '2025-06-30', '--key-account-threshold', '6500000']),
      onFirm(['report', 'segments', '--as-of', '2025-06-30']),
      onFirm(['report', 'segments', '--as-of', '2025-06-30', '--format', 'csv']),
    ]);
    expect(Object.keys(report)).toEqual(['asOf', 'knownAt', 'totalRevenue12m', 'clients']);
    for (const row of report.clients) expect(Object.keys(row)).toEqual(SEGMENT_COLUMNS);
    // Fees after 2024-06-30T23:59:59.999Z of the clients active at T: c-003 12M + 11M, c-006 7.5M,
    // c-001 1.5M + 5M, c-010 4M, c-011 2.7M, c-002 2.2M (its reactivation): 45.9M in all.
    expect(report.totalRevenue12m).toBe(45_900_000);
    expect(report.clients.map((c) => [c.clientId, c.revenue12m])).toEqual([
      ['c-003', 23_000_000], ['c-006', 7_500_000], ['c-001', 6_500_000], ['c-010', 4_000_000], ['c-011', 2_700_000], ['c-002', 2_200_000],
    ]);
    // Cumulative 23 / 45.9 = 0.501, 30.5 / 45.9 = 0.664, 37 / 45.9 = 0.806 ≥ 0.8: the first three are key.
    expect(report.clients.map((c) => c.tier)).toEqual(['key', 'key', 'key', 'general', 'general', 'general']);
    expect(report.clients[0]?.share).toBeCloseTo(23 / 45.9, 12);
    expect(report.clients[5]?.cumulativeShare).toBe(1);
    // Only c-003 reaches the default 20,000,000; from 6,500,000 (inclusive) c-006 and c-001 too.
    expect(report.clients.map((c) => c.keyAccount)).toEqual([true, false, false, false, false, false]);
    expect(lower.clients.map((c) => c.keyAccount)).toEqual([true, true, true, false, false, false]);

    const { header, columns, rows } = parseTable(succeeded(table));
    expect(header.get('totalRevenue12m')).toBe('459,000.00');
    expect(columns).toEqual(SEGMENT_COLUMNS);
    expect(rows[0]).toEqual(['c-003', 'Suzhou Precision Parts Co.', 'sp-li', '230,000.00', '50.1%', '50.1%', 'key', 'true']);

    const records = parseCsv(succeeded(csv));
    expect(records[0]).toEqual(SEGMENT_COLUMNS);
    expect(records[1]).toEqual(['c-003', 'Suzhou Precision Parts Co.', 'sp-li', '23000000', String(23_000_000 / 45_900_000), String(23_000_000 / 45_900_000), 'key', 'true']);
  });
});

describe('rapport report cohorts', () => {
  it('gives retention by acquisition month up to the last month of the log; csv has one column per month', async () => {
    const [report, table, csv, badMonth] = await Promise.all([
      jsonOf<CohortReport>(['report', 'cohorts']),
      onFirm(['report', 'cohorts']),
      onFirm(['report', 'cohorts', '--from', '2024-03', '--to', '2024-05', '--format', 'csv']),
      onFirm(['report', 'cohorts', '--from', '2024-3']),
    ]);
    expect(Object.keys(report)).toEqual(['knownAt', 'cohorts']);
    // Acquisitions: 2024-01 c-001; 02 c-002, c-004; 03 c-003, c-006; 04 c-005; 05 c-009; 06 c-008;
    // 2025-01 c-010; 02 c-011. Cells run to 2025-06, the month of the last event.
    expect(report.cohorts.map((c) => [c.cohort, c.size, c.retention.length])).toEqual([
      ['2024-01', 1, 18], ['2024-02', 2, 17], ['2024-03', 2, 16], ['2024-04', 1, 15], ['2024-05', 1, 14], ['2024-06', 1, 13],
      ['2025-01', 1, 6], ['2025-02', 1, 5],
    ]);
    // 2024-02: c-002 churned in September (m7), c-004 in November (m9), c-002 came back in March 2025 (m13).
    expect(report.cohorts[1]?.retention).toEqual([1, 1, 1, 1, 1, 1, 1, 0.5, 0.5, 0, 0, 0, 0, 0.5, 0.5, 0.5, 0.5]);
    // 2024-05: c-009 churned in November 2024 (m6).
    expect(report.cohorts[4]?.retention).toEqual([1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);

    const { header, columns, rows } = parseTable(succeeded(table));
    expect(header.get('cohorts')).toBe('8');
    expect(columns).toEqual(['cohort', 'size', ...Array.from({ length: 18 }, (_, k) => `m${k}`)]);
    expect(rows[7]).toEqual(['2025-02', '1', '1', '1', '1', '1', '1', ...Array<string>(13).fill('')]);

    const records = parseCsv(succeeded(csv));
    expect(records[0]).toEqual(['cohort', 'size', ...Array.from({ length: 16 }, (_, k) => `m${k}`)]);
    expect(records.slice(1).map((r) => r[0])).toEqual(['2024-03', '2024-04', '2024-05']);
    expect(records[3]).toEqual(['2024-05', '1', '1', '1', '1', '1', '1', '1', ...Array<string>(8).fill('0'), '', '']);

    usageError(badMonth, /--from: expected a month YYYY-MM, got "2024-3"/);
  });
});

describe('help', () => {
  it('lists the report commands and documents each format', async () => {
    const [general, attrition] = await Promise.all([runCli(['--help']), runCli(['report', 'attrition', '--help'])]);
    expect(succeeded(general)).toMatch(/report lifecycle .*\n[\s\S]*history CLIENT .*\n[\s\S]*rebuild \[NAME…\]/);
    expect(succeeded(attrition)).toMatch(/^Usage: rapport report attrition \[options\]\n/);
    expect(attrition.stdout).toMatch(/the firm's row first, with an empty salespersonId/);
    expect(attrition.stdout).toMatch(/--period P/);
  });
});

describe('help JSON shapes', () => {
  // Each report's --help spells its JSON's top-level keys; knownAt was once missing from all but complaints'.
  it.each([
    [['report', 'lifecycle']], [['report', 'attrition', '--period', '2025-Q1']], [['report', 'kpis', '--period', '2025-Q1']],
    [['report', 'winback']], [['report', 'segments']], [['report', 'cohorts']], [['report', 'complaints', '--period', '2024']],
    [['history', 'c-002']],
  ])('rapport %j --help names every top-level key of its JSON', async (args) => {
    const words = args.filter((arg, i) => !arg.startsWith('-') && !args[i - 1]?.startsWith('-') && arg !== 'c-002');
    const [json, help] = await Promise.all([jsonOf<Record<string, unknown>>(args), runCli([...words, '--help'])]);
    const shape = /^ {2}json {3}([\s\S]*?)\n {2}(?:table|csv) /m.exec(succeeded(help))?.[1] ?? '';
    for (const key of Object.keys(json)) expect(shape, `${words.join(' ')}: "${key}"`).toContain(`"${key}"`);
  });
});
