// W5: cold processes of the compiled CLI, each timed from spawn to exit with its peak RSS: bare
// `node -e 0` (the floor), `rapport --help`, and each report over the W3 store.
import { runChild, type ChildRun } from '../support/child.js';
import { median, type Result } from '../support/figures.js';
import { CLI } from '../w2/apply.js';
import { REPORTS, type ReportName } from '../w4/reports.js';
import { lastFullQuarter } from '../w3/period.js';

const reportArgs = (report: ReportName, asOf: string, period: string): string[] => {
  switch (report) {
    case 'lifecycle':
    case 'winback':
    case 'segments':
      return ['--as-of', asOf];
    case 'attrition':
    case 'kpis':
    case 'complaints':
      return ['--period', period];
    case 'cohorts':
      return [];
  }
};

const runs = async (count: number, args: readonly string[]): Promise<ChildRun[]> => {
  const done: ChildRun[] = [];
  for (let i = 0; i < count; i++) done.push(await runChild(process.execPath, args));
  return done;
};

export const w5 = async (file: string, lastOccurredAt: string, count: number): Promise<Result[]> => {
  const period = lastFullQuarter(lastOccurredAt);
  const results: Result[] = [
    { id: 'W5.node', value: median((await runs(count, ['-e', '0'])).map((r) => r.ms)), unit: 'ms' },
    { id: 'W5.help', value: median((await runs(count, [CLI, '--help'])).map((r) => r.ms)), unit: 'ms' },
  ];
  let peak = 0;
  for (const report of REPORTS) {
    const done = await runs(count, [CLI, 'report', report, '--store', `sqlite:${file}`, '--format', 'json', ...reportArgs(report, lastOccurredAt, period)]);
    peak = Math.max(peak, ...done.map((r) => r.peakRssMb));
    results.push({ id: `W5.${report}`, value: median(done.map((r) => r.ms)), unit: 'ms' });
  }
  results.push({ id: 'W5.rss', value: peak, unit: 'MB', note: 'the largest of the report runs' });
  return results;
};
