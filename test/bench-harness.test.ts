// The benchmark harness, run once at its tiny size so it cannot rot: every id of issue 9 comes out
// with a finite figure. No speed is asserted (those are for `pnpm bench`, on a quiet machine).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
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

// How a user runs it: through pnpm when the tests run under pnpm (`pnpm test` sets npm_execpath to
// pnpm's own script), so a banner pnpm printed ahead of the JSON would fail the parse below;
// otherwise through the `bench` command pnpm would fall back to.
const pnpm = process.env.npm_execpath !== undefined && path.basename(process.env.npm_execpath).startsWith('pnpm') ? process.env.npm_execpath : null;
const benchCommand = pnpm === null ? [path.join(root, 'bench/bin.mjs')] : [pnpm, 'bench'];

suite('bench harness', () => {
  it('pnpm bench --tiny --json prints on stdout one JSON object, with every id of the issue once, each with a finite value and its unit', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [...benchCommand, '--tiny', '--json'], {
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

it('`pnpm bench` is the bench package\'s command, not a root script: pnpm prints its banner on stdout before a script, never before a command', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string>; devDependencies: Record<string, string> };
  expect(manifest.scripts.bench).toBeUndefined();
  expect(manifest.devDependencies['@rapport/bench']).toBe('workspace:*');
  const bench = JSON.parse(fs.readFileSync(path.join(root, 'bench/package.json'), 'utf8')) as { bin: Record<string, string> };
  expect(bench.bin).toEqual({ bench: './bin.mjs' });
  expect(fs.readFileSync(path.join(root, 'bench/bin.mjs'), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
});
