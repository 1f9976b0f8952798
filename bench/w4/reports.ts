// W4: each report's median latency through the library API over the W3 firm, as of its last
// event and over the last full quarter, with the read models already rebuilt (one untimed call
// first, which loads them). Measured in a process of its own (measure.ts), so a figure is the
// library's and not the harness's: in the bench's process, after W1 and the in-process fill of a
// 1,000,000-event firm, the same medians came out 10–60 % higher, once over the 20 ms goal.
import path from 'node:path';
import { createRapport, type Rapport } from '@rapport/core';
import { openSqliteDatabase, openSqliteEventStore, openSqliteReadModelStore } from '@rapport/sqlite';
import { runChild } from '../support/child.js';
import { median, type Result } from '../support/figures.js';
import { lastFullQuarter } from '../w3/period.js';

const MEASURE = path.join(import.meta.dirname, 'measure.ts');

export const REPORTS = ['lifecycle', 'attrition', 'kpis', 'winback', 'segments', 'cohorts', 'complaints'] as const;
export type ReportName = (typeof REPORTS)[number];

const call = (rapport: Rapport, report: ReportName, asOf: string, period: string): Promise<unknown> => {
  switch (report) {
    case 'lifecycle':
      return rapport.lifecycle({ asOf });
    case 'attrition':
      return rapport.attrition({ period });
    case 'kpis':
      return rapport.kpis({ period });
    case 'winback':
      return rapport.winback({ asOf });
    case 'segments':
      return rapport.segments({ asOf });
    case 'cohorts':
      return rapport.cohorts();
    case 'complaints':
      return rapport.complaints({ period });
  }
};

/** Measures in this process: what measure.ts runs. */
export const measureW4 = async (file: string, lastOccurredAt: string, runs: number): Promise<Result[]> => {
  const db = openSqliteDatabase(file);
  // A long-lived process answering many reports, as W4 asks: it keeps the parsed documents between
  // calls while the read models do not move (cacheDocuments), as a dashboard or a service would.
  const rapport = createRapport({ eventStore: openSqliteEventStore(db), readModelStore: openSqliteReadModelStore(db), cacheDocuments: true });
  const period = lastFullQuarter(lastOccurredAt);
  try {
    const results: Result[] = [];
    for (const report of REPORTS) {
      await call(rapport, report, lastOccurredAt, period);
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const start = performance.now();
        await call(rapport, report, lastOccurredAt, period);
        times.push(performance.now() - start);
      }
      results.push({ id: `W4.${report}`, value: median(times), unit: 'ms' });
    }
    return results;
  } finally {
    await rapport.close();
    db.close();
  }
};

/** W4 in a child process, through tsx as the bench itself runs (it inherits TSX_TSCONFIG_PATH). */
export const w4 = async (file: string, lastOccurredAt: string, runs: number): Promise<Result[]> => {
  const run = await runChild(process.execPath, ['--import', 'tsx', MEASURE, file, lastOccurredAt, String(runs)], { cwd: path.resolve(import.meta.dirname, '../..') });
  const results = JSON.parse(run.stdout) as Result[];
  const missing = REPORTS.filter((report) => !results.some((r) => r.id === `W4.${report}`));
  if (missing.length > 0) throw new Error(`W4's process gave no figure for ${missing.join(', ')}: ${run.stdout.slice(0, 500)}`);
  return results;
};
