// `rapport report html` end to end on the sample firm (examples/sample-firm.jsonl; the log's last
// event occurred on 2025-06-09, UTC): the file it writes, its defaults, and the JSON it embeds,
// which must be what the report commands print for the same P and T.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli, type CliRun } from './support/run-cli.js';
import { tempStores } from './support/temp-stores.js';

const SAMPLE = path.join(REPO_ROOT, 'examples/sample-firm.jsonl');
const { root, freshStore } = tempStores('rapport-report-html-');
const firm = freshStore();

beforeAll(async () => {
  expect((await runCli(['apply', SAMPLE, '--store', firm.url, '--format', 'json'])).code).toBe(0);
});

const onFirm = (args: readonly string[], cwd?: string): Promise<CliRun> =>
  runCli([...args, '--store', firm.url], cwd === undefined ? {} : { cwd });

const succeeded = (run: CliRun): string => {
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return run.stdout;
};

/** The page's `#rapport-data` block, parsed. */
const embedded = (page: string): Record<string, unknown> => {
  const block = /<script type="application\/json" id="rapport-data">([\s\S]*?)<\/script>/.exec(page)?.[1];
  if (block === undefined) throw new Error('the page has no #rapport-data block');
  return JSON.parse(block) as Record<string, unknown>;
};

/** What `rapport report …` prints as JSON for each key of the embedded data, for P and T. */
const cliReports = async (period: string, asOf: string): Promise<Record<string, unknown>> => {
  const commands: Record<string, readonly string[]> = {
    attrition: ['report', 'attrition', '--period', period],
    kpis: ['report', 'kpis', '--period', period],
    complaints: ['report', 'complaints', '--period', period],
    lifecycle: ['report', 'lifecycle', '--as-of', asOf],
    winback: ['report', 'winback', '--as-of', asOf],
    segments: ['report', 'segments', '--as-of', asOf],
    cohorts: ['report', 'cohorts'],
  };
  const runs = await Promise.all(Object.values(commands).map((args) => onFirm([...args, '--format', 'json'])));
  return Object.fromEntries(Object.keys(commands).map((key, i) => [key, JSON.parse(succeeded(runs[i]!))]));
};

describe('rapport report html', () => {
  it('embeds, for --period and --as-of, exactly the JSON the report commands print, and the 12 months ending with T', async () => {
    const out = path.join(root, 'explicit', 'q3.html');
    const run = await onFirm(['report', 'html', '--period', '2024-Q3', '--as-of', '2024-12-31', '--out', out]);
    expect(succeeded(run)).toBe(`${out}\n`);
    const data = embedded(fs.readFileSync(out, 'utf8'));
    const [cli, november] = await Promise.all([
      cliReports('2024-Q3', '2024-12-31'),
      onFirm(['report', 'attrition', '--period', '2024-11', '--format', 'json']),
    ]);
    for (const [key, json] of Object.entries(cli)) expect(data[key], key).toEqual(json);
    const months = data.attritionByMonth as { period: { label: string } }[];
    expect(months.map((m) => m.period.label)).toEqual(['2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06', '2024-07', '2024-08', '2024-09', '2024-10', '2024-11', '2024-12']);
    expect(months[10]).toEqual(JSON.parse(succeeded(november)));
  });

  it('defaults: T is the last event\'s day (2025-06-09), P the last full quarter before it (2025-Q1), the file rapport-report.html here', async () => {
    const here = path.join(root, 'defaults');
    fs.mkdirSync(here);
    const run = await onFirm(['report', 'html', '--format', 'json'], here);
    const file = path.join(here, 'rapport-report.html');
    expect(JSON.parse(succeeded(run))).toEqual({ path: file });
    const page = fs.readFileSync(file, 'utf8');
    expect(page).toContain('2025-Q1 (2025-01-01 to 2025-03-31) · as of 2025-06-09');
    const data = embedded(page);
    expect(data).toMatchObject({
      attrition: { period: { label: '2025-Q1', start: '2025-01-01T00:00:00.000Z', end: '2025-04-01T00:00:00.000Z' } },
      lifecycle: { asOf: '2025-06-09T23:59:59.999Z' },
      winback: { asOf: '2025-06-09T23:59:59.999Z' },
      segments: { asOf: '2025-06-09T23:59:59.999Z' },
    });
  });

  it('a bad --period or an --out that cannot be written is a usage error naming it, and leaves no file', async () => {
    const blocker = path.join(root, 'a-file');
    fs.writeFileSync(blocker, '');
    const badPeriodOut = path.join(root, 'never.html');
    const [badPeriod, badOut] = await Promise.all([
      onFirm(['report', 'html', '--period', '2024-Q5', '--out', badPeriodOut]),
      onFirm(['report', 'html', '--out', path.join(blocker, 'report.html')]),
    ]);
    expect(badPeriod.code).toBe(2);
    expect(badPeriod.stderr).toMatch(/^rapport: --period: period "2024-Q5" is not valid/);
    expect(fs.existsSync(badPeriodOut)).toBe(false);
    expect(badOut.code).toBe(2);
    expect(badOut.stderr).toMatch(/^rapport: --out: cannot write .*a-file\/report\.html \(E[A-Z]+\)/);
    for (const run of [badPeriod, badOut]) expect(run.stdout).toBe('');
  });

  it('refuses --format csv, as demo does, instead of writing the page and printing its path as if asked for a table', async () => {
    const out = path.join(root, 'csv.html');
    const run = await onFirm(['report', 'html', '--format', 'csv', '--out', out]);
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: '' });
    expect(run.stderr).toMatch(/^rapport: --format csv: report html writes an HTML file .*use the other report commands for CSV\n$/);
    expect(fs.existsSync(out)).toBe(false);
  });
});
