// PostgreSQL connections terminated in the middle of `rapport apply` (issue 8.9): a second
// connection calls pg_terminate_backend on every other connection to the store's database once the
// log holds a random share of the file. The apply may fail (the server is "gone"), never half-write
// a command; the re-run applies the rest, `rapport verify` passes, and the history and every report
// equal a clean run's. Each run gets a throwaway database, created and dropped here.
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import pg from 'pg';
import { createMemoryReadModelStore } from '@rapport/core';
import { describeWithService, serviceUrl, uniqueName } from '@rapport/core/testing';
import { openPostgresEventStore } from '@rapport/postgres';
import { openSqliteEventStore, openSqliteReadModelStore } from '@rapport/sqlite';
import { DEFAULT_BATCH_SIZE } from '../../packages/cli/src/apply/apply-lines.js';
import { tempStores } from '../cli/support/temp-stores.js';
import { firmState, writeCommandFile, type FirmState } from './support/firm.js';
import { cli, seeded, startCli } from './support/processes.js';

const suite = await describeWithService('postgres');

/** Commands `rapport apply` commits in one transaction. */
const BATCH = DEFAULT_BATCH_SIZE;

suite('pg_terminate_backend during rapport apply', () => {
  const temp = tempStores('rapport-faults-pg-');
  const commandFile = path.join(temp.root, 'firm.jsonl');
  const databases: string[] = [];
  let commands = 0;
  let clean: FirmState;
  let admin: pg.Client;

  const urlOf = (database: string): string => {
    const url = new URL(serviceUrl('postgres'));
    url.pathname = `/${database}`;
    return url.toString();
  };

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: serviceUrl('postgres') });
    await admin.connect();
    commands = writeCommandFile(commandFile, 400);
    const store = temp.freshStore();
    await cli(['apply', commandFile, '--store', store.url]);
    clean = await firmState(await openSqliteEventStore(store.file), await openSqliteReadModelStore(store.file));
  }, 60_000);

  afterAll(async () => {
    for (const database of databases) await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.end();
  });

  it.each([1, 2])('seed %i: the re-run applies the rest, nothing lost or twice', async (seed) => {
    const random = seeded(300 + seed);
    const database = uniqueName('rapport_fault');
    databases.push(database);
    await admin.query(`CREATE DATABASE "${database}"`);
    const url = urlOf(database);

    // The watcher: one connection to the store's database. Once the log holds a random number of
    // the file's batches (apply commits 1000 commands at a time), it locks the events table, waits
    // until the CLI's next statement is stuck behind the lock, and ends every other connection to
    // the database (the CLI's) as an administrator would: the connection is cut in the middle of a
    // statement, not while idle in the pool (most of an apply's time is spent outside the server,
    // and an idle connection is simply replaced).
    const watcher = new pg.Client({ connectionString: url });
    // Dropping the database at the end ends this connection too, if a failed expectation left it open.
    watcher.on('error', () => undefined);
    await watcher.connect();
    // At least two batches stay after the target: the watcher polls, and an apply that wrote its
    // last batch between two polls would finish before the lock (it once did, under load).
    const target = BATCH * Math.floor(random() * Math.max(1, Math.ceil(commands / BATCH) - 2));
    const count = async (sql: string): Promise<number> => Number((await watcher.query<{ n: string }>(sql)).rows[0]?.n);
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    let finished = false;
    const running = startCli(['apply', commandFile, '--store', url, '--format', 'json']).finally(() => {
      finished = true;
    });
    let terminated = 0;
    while (!finished && ((await count("SELECT count(*) AS n FROM pg_tables WHERE tablename = 'events'")) === 0 || (await count('SELECT count(*) AS n FROM events')) < target)) {
      await pause(20);
    }
    if (!finished) {
      await watcher.query('BEGIN');
      await watcher.query('LOCK TABLE events IN ACCESS EXCLUSIVE MODE');
      const others = "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()";
      for (let tries = 0; tries < 150 && !finished; tries++) {
        if ((await count(`SELECT count(*) AS n ${others} AND wait_event_type = 'Lock'`)) > 0) break;
        await pause(20);
      }
      terminated = (await watcher.query(`SELECT pg_terminate_backend(pid) ${others}`)).rowCount ?? 0;
      await watcher.query('COMMIT');
    }
    const killed = await running;
    let kept: number;
    try {
      expect(terminated).toBeGreaterThan(0);
      // Cut off mid-statement, the apply says the store went away (exit 3) in plain words, never a
      // rejected command or a stack; the batches before the cut are all there, the cut one not at all.
      expect(killed.code).toBe(3);
      expect(killed.stderr).toMatch(/^rapport: store unavailable: PostgreSQL event store [^\n]*\n$/);
      kept = await count('SELECT count(*) AS n FROM events');
      expect(kept).toBe(target);
    } finally {
      await watcher.end();
    }

    const rerun = await cli(['apply', commandFile, '--store', url, '--format', 'json']);
    expect(JSON.parse(rerun.stdout)).toEqual({ applied: commands - kept, duplicates: kept, rejected: [] });
    await cli(['verify', '--store', url]);
    const state = await firmState(await openPostgresEventStore(url), createMemoryReadModelStore());
    expect(state.history).toEqual(clean.history);
    expect(state.reports).toEqual(clean.reports);
  });
});
