// Ctrl-C during `rapport apply` stops taking lines, commits those it read, prints the summary so far
// and names the line it stopped after (exit 130); applying the file again finishes it.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { closeSqliteDatabase, openSqliteDatabase } from '@rapport/sqlite';
import { MAIN, REPO_ROOT, runCli } from './support/run-cli.js';
import { tempStores } from './support/temp-stores.js';

const { root, freshStore } = tempStores('rapport-apply-interrupted-');

const line = (i: number): string =>
  i === 0
    ? JSON.stringify({ type: 'RegisterSalesperson', commandId: 'cmd-0', salespersonId: 'sp-1', name: 'Li Wei', occurredAt: '2024-01-02T01:00:00Z' })
    : JSON.stringify({ type: 'RegisterClient', commandId: `cmd-${i}`, clientId: `c-${i}`, name: `Client ${i}`, ownerId: 'sp-1', occurredAt: '2024-01-03T01:00:00Z' });
const lines = (from: number, to: number): string => Array.from({ length: to - from }, (_, k) => `${line(from + k)}\n`).join('');

const eventsIn = (file: string): number => {
  if (!fs.existsSync(file)) return 0;
  // A connection of its own beside the writer's (WAL: it reads the last commit, never waits).
  const db = openSqliteDatabase(file);
  try {
    const row = db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'events'").raw().get() as unknown[];
    if (Number(row[0]) === 0) return 0;
    return Number((db.prepare('SELECT count(*) FROM events').raw().get() as unknown[])[0]);
  } finally {
    closeSqliteDatabase(db);
  }
};

const waitFor = async (what: () => boolean, ms = 30_000): Promise<void> => {
  const until = Date.now() + ms;
  while (!what()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

describe('rapport apply interrupted', () => {
  it('stops taking lines, commits those read (even while the pipe is silent), says where, exits 130; applying again finishes the file', async () => {
    const store = freshStore();
    const child = spawn(process.execPath, [MAIN, 'apply', '-', '--store', store.url, '--format', 'json'], { cwd: REPO_ROOT, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    // Two batches of a thousand lines are committed before the signal; the next 500 lines wait in
    // a batch that is not full, while the apply waits on the pipe for more.
    child.stdin.write(lines(0, 2500));
    await waitFor(() => eventsIn(store.file) === 2000);
    child.kill('SIGINT');
    // The wait on the pipe ends, and the 500 lines read are committed; nothing later is taken.
    expect(await exited).toBe(130);
    expect(JSON.parse(stdout)).toEqual({ applied: 2500, duplicates: 0, rejected: [] });
    expect(stderr).toBe(
      'rapport: interrupted: stopped after line 2500, with every line up to it applied or rejected and none after it taken; apply the file again to finish (what was applied counts as duplicates)\n',
    );
    expect(eventsIn(store.file)).toBe(2500);

    const file = path.join(root, 'firm.jsonl');
    fs.writeFileSync(file, lines(0, 3500));
    const again = await runCli(['apply', file, '--store', store.url, '--format', 'json']);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual({ applied: 1000, duplicates: 2500, rejected: [] });
  }, 60_000);
});
