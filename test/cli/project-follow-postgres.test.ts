// `rapport project --follow` on a PostgreSQL event store (issue 10.1): the follower is woken by
// LISTEN/NOTIFY, not by polling. Its slow poll is set to 30 s, so read models that reach commands
// applied from another process within 5 s can only have been woken by the notification; after
// the listening connection is terminated (pg_terminate_backend), it listens again and keeps up.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithService, serviceUrl, uniqueName } from '@rapport/core/testing';
import { MAIN, REPO_ROOT, runCli } from './support/run-cli.js';
import { tempStores } from './support/temp-stores.js';

const suite = await describeWithService('postgres');
const { root } = tempStores('rapport-project-pg-');

suite('rapport project --follow on PostgreSQL', () => {
  let admin: pg.Client;
  const database = uniqueName('rapport_follow');
  const url = (() => {
    const u = new URL(serviceUrl('postgres'));
    u.pathname = `/${database}`;
    return u.toString();
  })();
  const readModels = `sqlite:${path.join(root, 'models.db')}`;
  let child: ReturnType<typeof spawn> | undefined;

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: serviceUrl('postgres') });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${database}"`);
  });
  afterAll(async () => {
    if (child !== undefined && child.exitCode === null) child.kill('SIGKILL');
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.end();
  });

  let batches = 0;
  const apply = async (commands: readonly object[]): Promise<void> => {
    const file = path.join(root, `batch-${++batches}.jsonl`);
    fs.writeFileSync(file, commands.map((c) => JSON.stringify(c)).join('\n'));
    const run = await runCli(['apply', file, '--store', url]);
    expect(run.code, run.stderr).toBe(0);
  };
  const client = (clientId: string) => ({ type: 'RegisterClient', clientId, name: clientId, ownerId: 'S1', occurredAt: '2024-01-02T00:00:00Z' });

  const clientsSeen = async (): Promise<number | null> => {
    const run = await runCli(['report', 'lifecycle', '--as-of', '2024-06-01', '--format', 'json', '--catch-up', 'never', '--store', url, '--read-models', readModels]);
    return run.code === 0 ? (JSON.parse(run.stdout) as { clients: unknown[] }).clients.length : null;
  };
  const within = async (what: string, ms: number, check: () => Promise<boolean> | boolean): Promise<void> => {
    const deadline = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  /** The follower's LISTEN connection(s) to the store's database. */
  const listeners = async (): Promise<number[]> =>
    (await admin.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND query LIKE 'LISTEN %'`, [database])).rows.map((r) => r.pid);

  it('wakes on NOTIFY well before its slow poll, and listens again after its connection is terminated', async () => {
    await apply([{ type: 'RegisterSalesperson', salespersonId: 'S1', name: 'Ana', occurredAt: '2024-01-01T00:00:00Z' }, client('C1')]);
    // A lease of 120 s: its renewal rounds (a third of it) come later than anything asserted here.
    child = spawn(process.execPath, [MAIN, 'project', '--follow', '--slow-poll', '30000', '--lease-ttl', '120000', '--store', url, '--read-models', readModels], { cwd: REPO_ROOT, stdio: 'pipe' });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child!.on('close', (code) => resolve(code)));
    await within('the projector to catch up', 15_000, async () => (await clientsSeen()) === 1);
    await within('the projector to listen', 5000, async () => (await listeners()).length === 1);

    await apply([client('C2'), client('C3')]);
    const applied = Date.now();
    await within('the follower to fold C2 and C3 (woken by NOTIFY)', 5000, async () => (await clientsSeen()) === 3);
    expect(Date.now() - applied).toBeLessThan(5000);

    const [pid] = await listeners();
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    await within('a new LISTEN connection', 5000, async () => {
      const now = await listeners();
      return now.length === 1 && now[0] !== pid;
    });
    await apply([client('C4')]);
    await within('the follower to fold C4 after listening again', 5000, async () => (await clientsSeen()) === 4);

    child.kill('SIGTERM');
    expect(await exited, stderr).toBe(0);
  }, 60_000);
});
