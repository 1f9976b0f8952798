// Several firms on one server (issue 10): each PostgreSQL store in a schema of its own
// (?schema=), each set of Redis read models under a key prefix of its own (?prefix=), from the CLI.
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { describeWithService, serviceUrl, uniqueName } from '@rapport/core/testing';
import { REPO_ROOT, runCli } from './support/run-cli.js';

const postgres = await describeWithService('postgres');
const SAMPLE = path.join(REPO_ROOT, 'examples/sample-firm.jsonl');
const schemas = [uniqueName('firm_a'), uniqueName('firm_b')];
const prefixes = schemas.map((schema) => `${schema}:`);

afterAll(async () => {
  const client = new pg.Client(serviceUrl('postgres'));
  await client.connect().catch(() => undefined);
  for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
  await client.end().catch(() => undefined);
  for (const prefix of prefixes) {
    try {
      const keys = execFileSync('redis-cli', ['-u', serviceUrl('redis'), '--scan', '--pattern', `${prefix}*`], { encoding: 'utf8' }).split('\n').filter(Boolean);
      if (keys.length > 0) execFileSync('redis-cli', ['-u', serviceUrl('redis'), 'del', ...keys]);
    } catch {
      // No redis-cli or no Redis: the Redis half of the test did not run either.
    }
  }
});

postgres('two firms on one PostgreSQL database and one Redis', () => {
  const store = (i: number) => `${serviceUrl('postgres')}?schema=${schemas[i]}`;
  const readModels = (i: number) => `${serviceUrl('redis')}/0?prefix=${prefixes[i]}`;
  const cli = async (args: readonly string[], stdin?: string) => {
    const run = await runCli(args, stdin === undefined ? {} : { stdin });
    expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(0);
    return run.stdout;
  };
  const lifecycle = async (i: number, withRedis: boolean) =>
    JSON.parse(
      await cli(['report', 'lifecycle', '--as-of', '2025-06-30', '--format', 'json', '--store', store(i), ...(withRedis ? ['--read-models', readModels(i)] : [])]),
    ) as { clients: { clientId: string }[] };

  it('keeps each firm to its schema and, for read models, to its key prefix', async () => {
    await cli(['apply', SAMPLE, '--store', store(0)]);
    const other = [
      { type: 'RegisterSalesperson', commandId: 'b-1', salespersonId: 'sp-x', name: 'X', occurredAt: '2024-01-01T00:00:00Z' },
      { type: 'RegisterClient', commandId: 'b-2', clientId: 'zz-1', name: 'Only Client', ownerId: 'sp-x', occurredAt: '2024-01-02T00:00:00Z' },
    ].map((c) => JSON.stringify(c)).join('\n');
    await cli(['apply', '-', '--store', store(1)], other);

    const a = await lifecycle(0, false);
    const b = await lifecycle(1, false);
    expect(a.clients).toHaveLength(12);
    expect(b.clients.map((c) => c.clientId)).toEqual(['zz-1']);

    // The same Redis database, two prefixes: each firm's read models stay its own.
    expect(await lifecycle(0, true)).toEqual(a);
    expect(await lifecycle(1, true)).toEqual(b);
    expect(await lifecycle(0, true)).toEqual(a);
  }, 120_000);
});

postgres('a PostgreSQL URL with no store there', () => {
  const typo = uniqueName('typo');
  afterAll(async () => {
    const client = new pg.Client(serviceUrl('postgres'));
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${typo}" CASCADE`);
    await client.end();
  });

  it('commands that only read, and rebuild, exit 2 naming it and create no schema; apply creates the store', async () => {
    const store = `${serviceUrl('postgres')}?schema=${typo}`;
    for (const args of [['verify'], ['export'], ['status'], ['report', 'lifecycle'], ['history', 'c-001'], ['rebuild']]) {
      const run = await runCli([...args, '--store', store]);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(`no Rapport store here (no table "${typo}".events); a command that only reads never creates one`);
    }
    const client = new pg.Client(serviceUrl('postgres'));
    await client.connect();
    try {
      expect((await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [typo])).rowCount).toBe(0);
      const applied = await runCli(['apply', SAMPLE, '--store', store]);
      expect(applied.code, applied.stderr).toBe(0);
      expect((await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [typo])).rowCount).toBe(1);
    } finally {
      await client.end();
    }
    expect((await runCli(['verify', '--store', store])).code).toBe(0);
  });
});
