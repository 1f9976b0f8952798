// `rapport report complaints` end to end (SPEC §4.8): the real executable against the sample firm
// (examples/sample-firm.jsonl) applied to a temporary SQLite file.
//
// The sample's complaints (all instants UTC), both of sp-wang's clients:
//   c-002 cmp-2024-01 service/medium filed 2024-05-06 01:00, resolved 2024-05-20 09:00 (14 days 8 h
//         = 344 h); c-002 churns 2024-09-16 (dissatisfied).
//   c-009 cmp-2024-01 price/low filed 2024-08-12 03:00, never resolved; c-009 churns 2024-11-04.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ComplaintsReport, Known } from '@rapport/core';
import { REPO_ROOT, runCli, type CliRun } from './support/run-cli.js';
import { tempStores } from './support/temp-stores.js';

const SAMPLE = path.join(REPO_ROOT, 'examples/sample-firm.jsonl');
const { freshStore } = tempStores('rapport-complaints-');
const firm = freshStore();

beforeAll(async () => {
  expect((await runCli(['apply', SAMPLE, '--store', firm.url, '--format', 'json'])).code).toBe(0);
});

const onFirm = (args: readonly string[]): Promise<CliRun> => runCli(['report', 'complaints', ...args, '--store', firm.url]);

const jsonOf = async (args: readonly string[]): Promise<Known<ComplaintsReport>> => {
  const run = await onFirm([...args, '--format', 'json']);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as Known<ComplaintsReport>;
};

const quiet = { chen: { filed: 0, resolved: 0, meanResolutionHours: null, openAtEnd: 0, overdueAtEnd: 0 } };

describe('rapport report complaints', () => {
  it('2024: both complaints filed, one resolved in 344 h, the other open and overdue at the end, both clients churned after', async () => {
    const report = await jsonOf(['--period', '2024']);
    // The JSON's keys in the spec's order, knownAt after period.
    expect(Object.keys(report)).toEqual(['period', 'knownAt', 'firm', 'bySalesperson']);
    expect(report).toEqual({
      period: { label: '2024', start: '2024-01-01T00:00:00.000Z', end: '2025-01-01T00:00:00.000Z' },
      knownAt: null,
      firm: {
        filed: 2,
        byCategory: { quality: 0, service: 1, price: 1, staff: 0, other: 0 },
        bySeverity: { low: 1, medium: 1, high: 0 },
        resolved: 1,
        meanResolutionHours: 344,
        openAtEnd: 1,
        overdueAtEnd: 1,
        churnedAfterComplaint: 2,
      },
      bySalesperson: [
        { salespersonId: 'sp-chen', ...quiet.chen },
        { salespersonId: 'sp-li', ...quiet.chen },
        { salespersonId: 'sp-wang', filed: 2, resolved: 1, meanResolutionHours: 344, openAtEnd: 1, overdueAtEnd: 1 },
      ],
    });
  });

  it('--overdue-days N moves the overdue line to e − N days: c-009 filed 08-12 03:00 is overdue at the end of August for 7 days, not for 20', async () => {
    // e = 2024-09-01; e − 7 days = 08-25 (overdue); e − 20 days = 08-12 00:00, before 03:00 (not overdue).
    const [byDefault, twenty] = await Promise.all([jsonOf(['--period', '2024-08']), jsonOf(['--period', '2024-08', '--overdue-days', '20'])]);
    expect(byDefault.firm).toMatchObject({ filed: 1, resolved: 0, meanResolutionHours: null, openAtEnd: 1, overdueAtEnd: 1, churnedAfterComplaint: 0 });
    expect(twenty.firm).toMatchObject({ openAtEnd: 1, overdueAtEnd: 0 });
    expect(twenty.bySalesperson.find((r) => r.salespersonId === 'sp-wang')).toMatchObject({ openAtEnd: 1, overdueAtEnd: 0 });
  });

  it('csv: the firm first with an empty salespersonId, then each salesperson with the firm-only columns empty', async () => {
    const run = await onFirm(['--period', '2024', '--format', 'csv']);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\r\n')).toEqual([
      'salespersonId,filed,byCategory.quality,byCategory.service,byCategory.price,byCategory.staff,byCategory.other,' +
        'bySeverity.low,bySeverity.medium,bySeverity.high,resolved,meanResolutionHours,openAtEnd,overdueAtEnd,churnedAfterComplaint',
      ',2,0,1,1,0,0,1,1,0,1,344,1,1,2',
      'sp-chen,0,,,,,,,,,0,,0,0,',
      'sp-li,0,,,,,,,,,0,,0,0,',
      'sp-wang,2,,,,,,,,,1,344,1,1,',
      '',
    ]);
  });

  it('table: the period and N, then one row per metric with the firm and each salesperson as columns', async () => {
    const run = await onFirm(['--period', '2024', '--overdue-days', '30']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^period\s+2024$/m);
    expect(run.stdout).toMatch(/^overdueDays\s+30$/m);
    expect(run.stdout).toMatch(/^metric\s+\(firm\)\s+sp-chen\s+sp-li\s+sp-wang$/m);
    expect(run.stdout).toMatch(/^byCategory\.price\s+1\s*$/m);
    expect(run.stdout).toMatch(/^meanResolutionHours\s+344\b.*\b344$/m);
  });

  it('usage errors name the option and exit 2: no --period, a bad period, a bad --overdue-days', async () => {
    const [none, badPeriod, badDays] = await Promise.all([onFirm([]), onFirm(['--period', '2024-Q5']), onFirm(['--period', '2024', '--overdue-days', '1.5'])]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/report complaints needs --period P/);
    expect(badPeriod.code).toBe(2);
    expect(badPeriod.stderr).toMatch(/--period: period "2024-Q5" is not valid/);
    expect(badDays.code).toBe(2);
    expect(badDays.stderr).toMatch(/--overdue-days: expected an integer ≥ 0, got "1.5"/);
    for (const run of [none, badPeriod, badDays]) expect(run.stdout).toBe('');
  });
});
