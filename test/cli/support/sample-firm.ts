// What the report tests share: the sample firm (examples/sample-firm.jsonl) applied to a temporary
// SQLite file per test file, and the checks they make on the CLI's output (success, usage errors, csv, tables).
//
// The sample, as the report tests' derivations use it (all instants UTC; fees in minor units):
//   salespeople sp-chen, sp-li, sp-wang; 2024 targets (new clients / new business) wang 4 / 12,000,000,
//   li 5 / 15,000,000, chen 3 / 8,000,000; 2024 visit plans Jan–Mar wang 6+6+8, li 8+8+10, chen 5+6+6,
//   chen's March plan later replaced by 4 (sample-0033).
//   c-001 wang  engaged 2024-01-25 (4.8M), repeat 2024-07-08 (1.5M), 2025-01-20 (5.0M)
//   c-002 wang  engaged 2024-02-06 (2.6M), complaint 05-06 01:00 resolved 05-20 09:00, churned 2024-09-16
//               (dissatisfied), reactivated 2025-03-10 06:00 (2.2M, lifetime 2)
//   c-003 li    engaged 2024-03-04 (9.6M), 2024-10-14 (12M), 2025-03-24 (11M)
//   c-004 li    engaged 2024-02-20 (3.5M), churned 2024-11-18 08:00 (competitor)
//   c-005 chen  engaged 2024-04-08 (1.8M), churned 2025-02-24 (involuntary)
//   c-006 chen  engaged 2024-03-12 (7.2M), reassigned to wang 2024-08-01 01:00, 2025-04-15 (7.5M)
//   c-007 chen  contacted 2024-02-28, never engaged
//   c-008 li    engaged 2024-06-17 (0.9M), churned 2024-12-20 (negative-value)
//   c-009 wang  engaged 2024-05-10 (3.1M), complaint 08-12 never resolved, churned 2024-11-04 08:00 (other)
//   c-010 li    registered 2025-01-06, engaged 2025-01-27 (4.0M)
//   c-011 chen  registered 2024-09-02, engaged 2025-02-18 (2.7M)
//   c-012 wang  registered 2025-03-03, contacted 2025-03-04
//   The last event of the log occurred on 2025-06-09 (a contact of c-007).
import path from 'node:path';
import { beforeAll, expect } from 'vitest';
import { REPO_ROOT, runCli, type CliRun, type CliRunOptions } from './run-cli.js';
import { tempStores, type TempStores } from './temp-stores.js';

export const SAMPLE = path.join(REPO_ROOT, 'examples/sample-firm.jsonl');
export const SAMPLE_EVENTS = 83;

export const succeeded = (run: CliRun): string => {
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return run.stdout;
};

export interface SampleFirm extends TempStores {
  /** The sample firm's store, shared by the tests that only read it. */
  readonly firm: { readonly url: string; readonly file: string };
  /** Runs the CLI on the sample firm's store. */
  onFirm(args: readonly string[], options?: CliRunOptions): Promise<CliRun>;
  /** Runs the CLI on the sample firm's store with `--format json`, checks it succeeded and parses its output. */
  jsonOf<T>(args: readonly string[], options?: CliRunOptions): Promise<T>;
}

/** Call at the top of a test file: the sample is applied to a fresh store before the file's tests run. */
export const sampleFirm = (prefix: string): SampleFirm => {
  const stores = tempStores(prefix);
  const firm = stores.freshStore();

  beforeAll(async () => {
    const applied = await runCli(['apply', SAMPLE, '--store', firm.url, '--format', 'json']);
    expect(applied.code).toBe(0);
    // The first report builds the read models in the store's file; after it, reports only read them,
    // so a test can run several at once.
    const first = await runCli(['report', 'cohorts', '--store', firm.url]);
    expect(first.code).toBe(0);
  });

  const onFirm = (args: readonly string[], options?: CliRunOptions): Promise<CliRun> => runCli([...args, '--store', firm.url], options);
  const jsonOf = async <T>(args: readonly string[], options?: CliRunOptions): Promise<T> =>
    JSON.parse(succeeded(await onFirm([...args, '--format', 'json'], options))) as T;
  return { ...stores, firm, onFirm, jsonOf };
};

/** RFC 4180 records; checks the CRLF line ends and that every record has the header's width. */
export const parseCsv = (text: string): string[][] => {
  expect(text.endsWith('\r\n')).toBe(true);
  const records: string[][] = [];
  // A field is quoted (inner quotes doubled) or runs to the next comma or CRLF.
  const field = /"((?:[^"]|"")*)"|([^",\r\n]*)/y;
  let record: string[] = [];
  let at = 0;
  while (at < text.length) {
    field.lastIndex = at;
    const match = field.exec(text);
    if (match === null) throw new Error(`not CSV at ${at}: ${JSON.stringify(text.slice(at, at + 20))}`);
    record.push(match[1] === undefined ? (match[2] ?? '') : match[1].replaceAll('""', '"'));
    at = field.lastIndex;
    if (text[at] === ',') at += 1;
    else if (text.startsWith('\r\n', at)) {
      records.push(record);
      record = [];
      at += 2;
    } else throw new Error(`not CSV at ${at}: ${JSON.stringify(text.slice(at, at + 20))}`);
  }
  for (const r of records) expect(r).toHaveLength(records[0]?.length ?? 0);
  return records;
};

/**
 * The table format: label/value header lines with the values in one column, a blank line, then a
 * table whose rule of dashes marks the columns; every line keeps the gaps between columns blank.
 * Returns the table's header row and data rows, each split into trimmed cells.
 */
export const parseTable = (text: string): { header: Map<string, string>; columns: string[]; rows: string[][] } => {
  const lines = text.split('\n');
  expect(lines.pop()).toBe('');
  const blank = lines.indexOf('');
  const pairs = lines.slice(0, blank);
  // A label may be several words (`time zone`); two or more spaces end it.
  const valueColumn = pairs.map((line) => /^\S+(?: \S+)* {2,}/.exec(line)?.[0].length);
  expect(new Set(valueColumn).size).toBe(1);
  const header = new Map(pairs.map((line) => [line.slice(0, valueColumn[0]).trim(), line.slice(valueColumn[0]).trim()]));

  const table = lines.slice(blank + 1);
  const rule = table[1] ?? '';
  expect(rule).toMatch(/^-+( {2}-+)*$/);
  const spans = [...rule.matchAll(/-+/g)].map((m) => [m.index, m.index + m[0].length] as const);
  const gaps = [...rule].flatMap((char, i) => (char === ' ' ? [i] : []));
  const cells = (line: string) => {
    expect(line.length).toBeLessThanOrEqual(rule.length);
    for (const i of gaps) expect(line[i] ?? ' ').toBe(' ');
    return spans.map(([from, to]) => line.slice(from, to).trim());
  };
  return { header, columns: cells(table[0] ?? ''), rows: table.slice(2).map(cells) };
};

export const usageError = (run: CliRun, message: RegExp) => {
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(message);
  expect(run.stderr).not.toMatch(/\n\s+at /);
};
