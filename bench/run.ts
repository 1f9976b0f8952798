// `pnpm bench [--quick | --tiny] [--json] [--only W1,W3…] [--no-build]`: every workload of issue 9,
// Rapport next to Emmett 0.42 and next to each store's own ceiling. Prints a table, or with --json
// one object {"results":[{id,value,unit}…]}. Figures only: nothing here asserts a speed.
// PostgreSQL comes from RAPPORT_BENCH_POSTGRES (a URL of any database on the server; a throwaway
// database is created per run), default postgres://postgres@127.0.0.1:5432/postgres.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { json, table, type Result } from './support/figures.js';
import { besideGoals, goalsTable, judgeGoals, type Goal } from './support/goals.js';
import { SIZES, type Sizes } from './support/sizes.js';
import { DEFAULT_ADMIN_URL } from './support/pg-database.js';
import { ceilingPostgresW1 } from './w1/ceiling-postgres.js';
import { ceilingSqliteW1 } from './w1/ceiling-sqlite.js';
import { emmettMemory, emmettPostgres } from './w1/emmett.js';
import { compareW1 } from './w1/sides.js';
import { warmSharedDriver } from './w1/warm-driver.js';
import { rapportMemory, rapportPostgres, rapportSqlite } from './w1/rapport.js';
import { w2 } from './w2/apply.js';
import { fillFirm } from './w3/firm.js';
import { w3 } from './w3/rebuild.js';
import { w4 } from './w4/reports.js';
import { w5 } from './w5/cold.js';

const argv = process.argv.slice(2);
const flag = (name: string): boolean => argv.includes(`--${name}`);
const sizes: Sizes = flag('tiny') ? SIZES.tiny : flag('quick') ? SIZES.quick : SIZES.full;
const onlyAt = argv.indexOf('--only');
const only = onlyAt < 0 ? null : new Set((argv[onlyAt + 1] ?? '').split(','));
const wanted = (workload: string): boolean => only === null || only.has(workload);
const postgresUrl = process.env.RAPPORT_BENCH_POSTGRES ?? DEFAULT_ADMIN_URL;
const root = path.resolve(import.meta.dirname, '..');

/** Progress goes to stderr, so --json output stays one object on stdout. */
const progress = (text: string): void => {
  process.stderr.write(`[bench ${sizes.name}] ${text}\n`);
};

const results: Result[] = [];
const add = (id: string, value: number, unit: Result['unit'] = 'per s', note?: string): void => {
  results.push(note === undefined ? { id, value, unit } : { id, value, unit, note });
};

if (!flag('no-build') && (wanted('W2') || wanted('W3') || wanted('W5'))) {
  progress('building (scripts/build.mjs, as pnpm build does)');
  // tsc reports errors on stdout: they go to stderr, so --json's stdout stays one object.
  execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root, stdio: ['ignore', process.stderr, 'inherit'] });
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-bench-'));
try {
  if (wanted('W1')) {
    const { w1, w1Postgres } = sizes;
    const pgNote = `${w1Postgres.clients.toLocaleString('en-US')} × ${w1Postgres.commandsPerClient}`;
    // Each pair runs in alternating slices (w1/sides.ts), so both see the same machine.
    progress('W1 memory');
    const [rapportMem, emmettMem] = await compareW1(w1, [() => rapportMemory(w1), () => emmettMemory(w1)]);
    add('W1.rapport.memory', rapportMem);
    add('W1.emmett.memory', emmettMem);
    progress('W1 SQLite');
    const [rapportLite, ceilingLite] = await compareW1(w1, [() => rapportSqlite(w1), () => ceilingSqliteW1(w1)]);
    add('W1.rapport.sqlite', rapportLite);
    add('W1.ceiling.sqlite', ceilingLite);
    progress('W1 PostgreSQL');
    // The driver all three sides share is compiled before any of them is timed (w1/warm-driver.ts).
    await warmSharedDriver(postgresUrl);
    for (const concurrency of [1, 10]) {
      const [rapportPg, emmettPg, ceilingPg] = await compareW1(w1Postgres, [
        () => rapportPostgres(postgresUrl, w1Postgres, concurrency),
        () => emmettPostgres(postgresUrl, w1Postgres, concurrency),
        () => ceilingPostgresW1(postgresUrl, w1Postgres, concurrency),
      ]);
      const suffix = concurrency === 1 ? '' : '.concurrent';
      const note = concurrency === 1 ? pgNote : `${pgNote}, ${concurrency} in flight`;
      add(`W1.rapport.postgres${suffix}`, rapportPg, 'per s', note);
      add(`W1.emmett.postgres${suffix}`, emmettPg, 'per s', note);
      add(`W1.ceiling.postgres${suffix}`, ceilingPg, 'per s', note);
    }
  }
  if (wanted('W2')) {
    progress(`W2 apply of a ${sizes.w2Clients}-client firm`);
    results.push(...(await w2(dir, sizes.w2Clients)));
  }
  if (wanted('W3') || wanted('W4') || wanted('W5')) {
    const file = path.join(dir, 'w3.db');
    progress(`W3 filling ${sizes.w3Events} events over ${sizes.w3Clients} clients (untimed)`);
    const firm = await fillFirm(file, sizes.w3Events, sizes.w3Clients);
    // W4 and W5 need the read models W3's rebuild leaves in the file.
    progress('W3 rebuild');
    const rebuilt = await w3(file, firm.events);
    if (wanted('W3')) results.push(...rebuilt);
    if (wanted('W4')) {
      progress('W4 reports through the API');
      results.push(...(await w4(file, firm.lastOccurredAt, sizes.w4Runs)));
    }
    if (wanted('W5')) {
      progress('W5 cold CLI processes');
      results.push(...(await w5(file, firm.lastOccurredAt, sizes.w5Runs)));
    }
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}

const about = `${sizes.name} run, ${new Date().toISOString()}, node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}`;
const measured = (goals: readonly Goal[]): Goal[] => goals.filter((g) => g.value !== null);
const beside = measured(besideGoals(results));
const goals = goalsTable(measured(judgeGoals(results))) + (beside.length === 0 ? '' : `\n\n${goalsTable(beside, 'beside the goals (not goals)')}`);
// With --json, stdout holds the one object the issue asks for; the goals go to stderr.
if (flag('json')) {
  process.stdout.write(`${json(results)}\n`);
  if (!flag('tiny')) process.stderr.write(`\n${goals}\n`);
} else process.stdout.write(`${table(results)}\n\n${goals}\n\n${about}\n`);
