// `rapport project --follow` as two real processes, read models in SQLite and in Redis (a private
// redis-server of the test's own) (issue 10.1, 10.2): one is
// active, the other stands by; after `kill -9` of the active one the standby takes over within
// the lease's TTL; commands applied meanwhile from a third process reach the read models; readers
// with --catch-up never see them; SIGTERM ends the projector with exit 0.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { privateRedis, type PrivateRedis } from '../faults/support/processes.js';
import { MAIN, REPO_ROOT, runCli } from './support/run-cli.js';
import { tempStores } from './support/temp-stores.js';

const { root, freshStore } = tempStores('rapport-project-');

interface Projector {
  readonly child: ChildProcessWithoutNullStreams;
  readonly stderr: () => string;
  readonly exited: Promise<number | null>;
}

const running: Projector[] = [];
afterAll(() => {
  for (const p of running) if (p.child.exitCode === null) p.child.kill('SIGKILL');
});

let redis: PrivateRedis | undefined;
beforeAll(async () => {
  redis = await privateRedis(fs.mkdtempSync(path.join(root, 'redis-')));
});
afterAll(async () => {
  await redis?.stop();
});

/** Where the read models live: the store's own file, or the private Redis. */
type ReadModels = 'sqlite' | 'redis';
let readModels: ReadModels = 'sqlite';
const readModelArgs = (): string[] => (readModels === 'redis' ? ['--read-models', redis!.url] : []);

const startProjector = (store: string): Projector => {
  const child = spawn(process.execPath, [MAIN, 'project', '--follow', '--lease-ttl', '1000', '--store', store, ...readModelArgs()], { cwd: REPO_ROOT, stdio: 'pipe' });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const projector = { child, stderr: () => stderr, exited };
  running.push(projector);
  return projector;
};

const until = async (what: string, check: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

let batches = 0;
/** Stores whose salesperson is registered. */
const firms = new Set<string>();
const apply = async (store: string, clients: readonly string[]): Promise<void> => {
  const file = path.join(root, `batch-${++batches}.jsonl`);
  const lines = clients.map((clientId) => JSON.stringify({ type: 'RegisterClient', clientId, name: clientId, ownerId: 'S1', occurredAt: '2024-01-02T00:00:00Z' }));
  if (!firms.has(store)) lines.unshift(JSON.stringify({ type: 'RegisterSalesperson', salespersonId: 'S1', name: 'Ana', occurredAt: '2024-01-01T00:00:00Z' }));
  fs.writeFileSync(file, lines.join('\n'));
  const run = await runCli(['apply', file, '--store', store]);
  expect(run.code, run.stderr).toBe(0);
  firms.add(store);
};

/** The lifecycle as a --catch-up never reader sees it. */
const readerSees = async (store: string) => {
  const run = await runCli(['report', 'lifecycle', '--as-of', '2024-06-01', '--format', 'json', '--catch-up', 'never', '--store', store, ...readModelArgs()]);
  if (run.code !== 0) return null;
  return JSON.parse(run.stdout) as Record<string, unknown> & { checkpoint: number; clients: { clientId: string }[] };
};

describe.each<ReadModels>(['sqlite', 'redis'])('rapport project --follow, read models in %s', (kind) => {
  it('one active, one standby; the standby takes over after kill -9; SIGTERM exits 0', async () => {
    readModels = kind;
    const { url } = freshStore();
    await apply(url, ['C1', 'C2']);

    const first = startProjector(url);
    await until('the first projector to be active', () => first.stderr().includes('active: holding clients (token 1)'));
    const second = startProjector(url);
    await until('the second to stand by', () => second.stderr().includes('standby for clients, salespeople, firm, history: '));
    expect(second.stderr()).not.toContain('active:');

    await apply(url, ['C3']);
    await until('a reader to see C3', async () => (await readerSees(url))?.clients.length === 3);

    first.child.kill('SIGKILL');
    await first.exited;
    const killedAt = Date.now();
    await until('the standby to take over', () => second.stderr().includes('active: holding clients (token 2)'));
    // Within the TTL (1 s) and a round of standby polling (a third of it), with room for a slow machine.
    expect(Date.now() - killedAt).toBeLessThan(5000);

    await apply(url, ['C4', 'C5']);
    await until('a reader to see C5', async () => (await readerSees(url))?.clients.length === 5);
    const seen = await readerSees(url);
    expect(seen?.clients.map((c) => c.clientId)).toEqual(['C1', 'C2', 'C3', 'C4', 'C5']);
    expect(seen?.checkpoint).toBe(6);
    // Nothing counted twice: the read models equal a fold of the log in memory.
    const fold = await runCli(['report', 'lifecycle', '--as-of', '2024-06-01', '--format', 'json', '--store', url, '--read-models', 'memory:']);
    const { checkpoint: _checkpoint, lag: _lag, ...asRead }: Record<string, unknown> = seen ?? {};
    expect(asRead).toEqual(JSON.parse(fold.stdout));

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 60_000);
});
