// The benchmark harness, run once at its tiny size so it cannot rot: every id of issue 9 comes out
// with a finite figure. No speed is asserted (those are for `pnpm bench`, on a quiet machine).
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { describeWithService, serviceUrl } from '@rapport/core/testing';

const suite = await describeWithService('postgres');
const root = path.resolve(import.meta.dirname, '..');

const W1 = [
  ...['memory', 'sqlite', 'postgres', 'postgres.concurrent'].flatMap((store) => [`W1.rapport.${store}`, `W1.${store === 'sqlite' ? 'ceiling' : 'emmett'}.${store}`]),
  // PostgreSQL also has the raw INSERT's floor, beside Emmett.
  'W1.ceiling.postgres',
  'W1.ceiling.postgres.concurrent',
];
const REPORTS = ['lifecycle', 'attrition', 'kpis', 'winback', 'segments', 'cohorts', 'complaints'];
const IDS = [
  ...W1,
  'W2.rapport.sqlite',
  'W2.ceiling.sqlite',
  'W2.rss',
  'W3.rapport.sqlite',
  'W3.rapport.redis',
  'W3.ceiling.read',
  'W3.rss',
  ...REPORTS.map((r) => `W4.${r}`),
  'W5.node',
  'W5.help',
  ...REPORTS.map((r) => `W5.${r}`),
  'W5.rss',
];

suite('bench harness', () => {
  it('pnpm bench --tiny --json prints every id of the issue once, each with a finite value and its unit', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--tiny', '--json'], {
      cwd: root,
      env: { ...process.env, RAPPORT_BENCH_POSTGRES: serviceUrl('postgres') },
      maxBuffer: 1 << 24,
    });
    const { results } = JSON.parse(stdout) as { results: { id: string; value: number; unit: string }[] };
    expect(results.map((r) => r.id).sort()).toEqual([...IDS].sort());
    for (const r of results) {
      expect(Number.isFinite(r.value) && r.value > 0, `${r.id} = ${r.value}`).toBe(true);
      expect(r.unit).toBe(r.id.endsWith('.rss') ? 'MB' : r.id.startsWith('W4.') || r.id.startsWith('W5.') ? 'ms' : 'per s');
    }
  }, 120_000);
});
