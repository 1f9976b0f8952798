// Report commands run in-process on a small SQLite store: what a user sees in the table, the usage
// error of a refused combination of inputs, and help texts that say what each format prints.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { InvalidReportInput } from '@rapport/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../src/commands/table.js';
import { helpTexts } from '../src/help-texts.js';
import { formatMoney, formatRate } from '../src/output/readable.js';
import { run } from '../src/run.js';
import { usageErrorOf } from '../src/store/open-rapport.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-report-run-'));
const store = `sqlite:${path.join(root, 'rapport.db')}`;
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const rapport = async (args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
  const out: string[] = [];
  const err: string[] = [];
  const sink = (chunks: string[]) => new Writable({ write: (chunk: Buffer | string, _encoding, done) => { chunks.push(String(chunk)); done(); } });
  const code = await run([...args, '--store', store], { stdout: sink(out), stderr: sink(err), stdin: Readable.from([]), env: {}, cwd: root });
  return { code, stdout: out.join(''), stderr: err.join('') };
};

// A plan of 10,000.00 new business for 2024: January's share is 1000000 / 12 = 83333.33… minor units.
const COMMAND_LINES = [
  { type: 'RegisterSalesperson', salespersonId: 's1', name: 'Sam', occurredAt: '2023-12-01T00:00:00Z' },
  { type: 'SetAnnualPlan', salespersonId: 's1', year: 2024, newClientsTarget: 5, newBusinessTarget: 1_000_000, occurredAt: '2023-12-01T00:00:00Z' },
  { type: 'RegisterClient', clientId: 'c1', name: 'One', ownerId: 's1', occurredAt: '2024-01-01T00:00:00Z' },
  { type: 'RecordEngagement', clientId: 'c1', engagementId: 'e1', fee: 50_000, occurredAt: '2024-01-02T00:00:00Z' },
];

beforeAll(async () => {
  const file = path.join(root, 'commands.jsonl');
  fs.writeFileSync(file, COMMAND_LINES.map((line) => JSON.stringify(line)).join('\n') + '\n');
  expect((await rapport(['apply', file])).code).toBe(0);
});

describe('rapport report kpis', () => {
  it('prints a prorated business target in major units to the cent, as new business is', async () => {
    const { code, stdout } = await rapport(['report', 'kpis', '--period', '2024-01']);
    expect(code).toBe(0);
    const row = (metric: string) => stdout.split('\n').find((line) => line.startsWith(`${metric} `))?.trim().split(/ +/);
    expect(row('newBusiness')).toEqual(['newBusiness', '500.00']);
    expect(row('newBusinessTarget')).toEqual(['newBusinessTarget', '833.33']);
    // 50000 / 83333.33… = 0.6; 1 new client of 5 / 12 = 2.4.
    expect(row('newBusinessAttainment')).toEqual(['newBusinessAttainment', '60%']);
    expect(row('newClientsTarget')).toEqual(['newClientsTarget', '0.4167']);
  });

  it('keeps the JSON numbers as the library computed them', async () => {
    const { stdout } = await rapport(['report', 'kpis', '--period', '2024-01', '--format', 'json']);
    const [s1] = (JSON.parse(stdout) as { salespeople: { newBusinessTarget: number; newClientsTarget: number }[] }).salespeople;
    expect(s1?.newBusinessTarget).toBe(1_000_000 / 12);
    expect(s1?.newClientsTarget).toBe(5 / 12);
  });
});

describe('a refused combination of report inputs', () => {
  it('names the CLI options once: --catch-up never with --known-at', async () => {
    const { code, stdout, stderr } = await rapport(['report', 'lifecycle', '--known-at', '2030-01-01', '--catch-up', 'never']);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toBe(
      'rapport: --catch-up: never answers from the read models alone, and --known-at folds the log from the event store; give one of the two\n',
    );
  });

  it('names the library fields once through the API', () => {
    const error = new InvalidReportInput('catchUp', 'catchUp: never answers from the read models alone, and knownAt folds the log; give one of the two');
    expect(error.message).toBe('catchUp: never answers from the read models alone, and knownAt folds the log; give one of the two');
    expect(error.reason).toBe('never answers from the read models alone, and knownAt folds the log; give one of the two');
    expect(new InvalidReportInput('period', 'not a period').message).toBe('period: not a period');
  });

  it('renames only the library fields a reason names, not words or values the user gave', () => {
    expect(usageErrorOf(new InvalidReportInput('knownAt', 'asOf and timeZone, expected a period, got "knownAt"')).message).toBe(
      '--known-at: --as-of and --tz, expected a period, got "knownAt"',
    );
    expect(usageErrorOf(new InvalidReportInput('period', 'expected a period such as 2024-Q1')).message).toBe('--period: expected a period such as 2024-Q1');
  });
});

describe('report help texts', () => {
  const texts = helpTexts(COMMANDS);
  const output = (name: string, format: 'json' | 'table' | 'csv'): string => {
    const text = texts[`words:${name}`] ?? '';
    // The format's entry in the Output section: its first line and the indented lines after it.
    const match = new RegExp(`\\n  ${format} +([^\\n]*(?:\\n {9}[^\\n]*)*)`).exec(text);
    return (match?.[1] ?? '').replace(/\s+/g, ' ');
  };
  // What the table really prints, from the functions that print it.
  const percent = formatRate(2 / 3); // 66.7%
  const money = formatMoney(123_456); // 1,234.56

  it('say rates and shares are percentages to one decimal in tables, and unrounded in JSON', () => {
    expect(percent).toBe('66.7%');
    for (const name of ['report attrition', 'report kpis', 'report segments']) {
      expect(output(name, 'table'), name).toContain('percentages to one decimal');
      expect(output(name, 'table'), name).toContain(percent);
      expect(output(name, 'table'), name).not.toMatch(/(rates|shares|fractions) rounded to 4 decimals\)/);
      expect(output(name, 'json'), name).toMatch(/unrounded/);
    }
    expect(output('report cohorts', 'table')).toContain('shares as fractions rounded to 4 decimals');
    expect(output('report cohorts', 'json')).toContain('unrounded');
  });

  it('say money is in major units to the cent in tables', () => {
    expect(money).toBe('1,234.56');
    for (const name of ['report kpis', 'report segments', 'report lifecycle', 'report winback']) {
      expect(output(name, 'table'), name).toContain('major units to the cent');
      expect(output(name, 'table'), name).toContain(money);
    }
  });
});
