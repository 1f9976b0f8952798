// kill -9 of `rapport apply`, `rebuild` and `import` at random points (issue 8.9), on the embedded
// store: after each crash the same command runs again, `rapport verify` passes, and the firm's
// history and every report equal a clean run's: nothing lost, nothing counted twice, no read
// model left half-written. The commands carry commandIds, so re-applying a file is idempotent.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openSqliteDatabase, openSqliteEventStore, openSqliteReadModelStore } from '@rapport/sqlite';
import { DEFAULT_BATCH_SIZE } from '../../packages/cli/src/apply/apply-lines.js';
import { tempStores } from '../cli/support/temp-stores.js';
import { firmState, writeCommandFile, type FirmState } from './support/firm.js';
import { cli, seeded, startCli } from './support/processes.js';

const temp = tempStores('rapport-faults-');
const commandFile = path.join(temp.root, 'firm.jsonl');
const exportFile = path.join(temp.root, 'firm.export.jsonl');
let commands = 0;
let clean: FirmState;
let cleanStore = '';
let applyMs = 0;
let rebuildMs = 0;
let importMs = 0;

const stateOf = async (file: string): Promise<FirmState> => firmState(await openSqliteEventStore(file), await openSqliteReadModelStore(file));

/** A number read from the store file while another process writes it; undefined until it can be read. */
const readCount = (file: string, sql: string): number | undefined => {
  if (!fs.existsSync(file)) return undefined;
  try {
    const db = openSqliteDatabase(file, { readOnly: true });
    try {
      return (db.prepare(sql).get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    return undefined;
  }
};

/** A copy of the clean store in a folder of its own (the file alone: closed stores keep no WAL). */
const copyOfCleanStore = (): { url: string; file: string } => {
  const target = temp.freshStore();
  fs.mkdirSync(path.dirname(target.file), { recursive: true });
  fs.copyFileSync(cleanStore, target.file);
  return target;
};

const expectSameFirm = async (file: string): Promise<void> => {
  await cli(['verify', '--store', `sqlite:${file}`]);
  const state = await stateOf(file);
  expect(state.history).toHaveLength(clean.history.length);
  expect(state.history).toEqual(clean.history);
  expect(state.reports).toEqual(clean.reports);
};

beforeAll(async () => {
  // Three of apply's 1000-command transactions.
  commands = writeCommandFile(commandFile, 150);
  const store = temp.freshStore();
  cleanStore = store.file;
  const applied = await cli(['apply', commandFile, '--store', store.url, '--format', 'json']);
  applyMs = applied.ms;
  expect(JSON.parse(applied.stdout)).toEqual({ applied: commands, duplicates: 0, rejected: [] });
  clean = await stateOf(store.file);
  const exported = await cli(['export', '--store', store.url]);
  fs.writeFileSync(exportFile, exported.stdout);
  // How long a whole rebuild and import take here, to pick kill moments inside them.
  rebuildMs = (await cli(['rebuild', '--store', copyOfCleanStore().url])).ms;
  importMs = (await cli(['import', exportFile, '--store', temp.freshStore().url])).ms;
}, 120_000);

describe('kill -9 at random points', () => {
  it.each([1, 2, 3])('apply (seed %i): the re-run applies the rest, nothing twice', async (seed) => {
    const random = seeded(seed);
    const store = temp.freshStore();
    // A random moment of a clean run's time, past most of the start-up: inside a transaction, or
    // between two, or while the next batch is being decided.
    const killed = await startCli(['apply', commandFile, '--store', store.url, '--format', 'json'], { killAfterMs: applyMs * (0.3 + 0.65 * random()) });
    expect(killed.signal === 'SIGKILL' || killed.code === 0).toBe(true);
    // Whole transactions or nothing: the log holds a number of apply's batches, never part of one.
    const kept = readCount(store.file, 'SELECT count(*) AS n FROM events') ?? 0;
    expect(kept === commands || kept % DEFAULT_BATCH_SIZE === 0).toBe(true);

    const rerun = await cli(['apply', commandFile, '--store', store.url, '--format', 'json']);
    const summary = JSON.parse(rerun.stdout) as { applied: number; duplicates: number; rejected: unknown[] };
    expect(summary).toEqual({ applied: commands - kept, duplicates: kept, rejected: [] });
    await expectSameFirm(store.file);
  });

  it.each([1, 2])('rebuild (seed %i): live read models still answer right, and the re-run completes', async (seed) => {
    const random = seeded(100 + seed);
    const store = copyOfCleanStore();
    const killed = await startCli(['rebuild', '--store', store.url], { killAfterMs: rebuildMs * (0.3 + 0.7 * random()) });
    expect(killed.signal === 'SIGKILL' || killed.code === 0).toBe(true);
    // Before any repair: the live generation was never touched by the dead rebuild.
    expect(await stateOf(store.file)).toEqual(clean);
    await cli(['rebuild', '--store', store.url]);
    await expectSameFirm(store.file);
  });

  it.each([1, 2])('import (seed %i): all or nothing, then the re-run completes or finds it all there', async (seed) => {
    const random = seeded(200 + seed);
    const store = temp.freshStore();
    const killed = await startCli(['import', exportFile, '--store', store.url], { killAfterMs: importMs * (0.3 + 0.7 * random()) });
    expect(killed.signal === 'SIGKILL' || killed.code === 0).toBe(true);
    const kept = readCount(store.file, 'SELECT count(*) AS n FROM events') ?? 0;
    expect([0, commands]).toContain(kept);
    const rerun = await startCli(['import', exportFile, '--store', store.url]);
    if (kept === 0) expect(rerun.code).toBe(0);
    else expect({ code: rerun.code, refused: /import refused/.test(rerun.stderr) }).toEqual({ code: 1, refused: true });
    await expectSameFirm(store.file);
  });
});
