// Ctrl-C during `rapport apply` finishes the batch being committed, prints the summary so far and
// names the line it stopped after (exit 130); applying the file again finishes it.
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
  it('stops after the batch being committed, says where, exits 130, and applying again finishes the file', async () => {
    const store = freshStore();
    const child = spawn(process.execPath, [MAIN, 'apply', '-', '--store', store.url, '--format', 'json'], { cwd: REPO_ROOT, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    // Two batches of a thousand lines, committed before the signal; the apply then waits for more.
    child.stdin.write(lines(0, 2000));
    await waitFor(() => eventsIn(store.file) === 2000);
    child.kill('SIGINT');
    // The next batch fills and is committed whole; nothing after it is read.
    child.stdin.write(lines(2000, 3500));
    expect(await exited).toBe(130);
    expect(JSON.parse(stdout)).toEqual({ applied: 3000, duplicates: 0, rejected: [] });
    expect(stderr).toBe(
      'rapport: interrupted: stopped after line 3000, with every line up to it applied or rejected and none after it read; apply the file again to finish (what was applied counts as duplicates)\n',
    );
    expect(eventsIn(store.file)).toBe(3000);

    const file = path.join(root, 'firm.jsonl');
    fs.writeFileSync(file, lines(0, 3500));
    const again = await runCli(['apply', file, '--store', store.url, '--format', 'json']);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual({ applied: 500, duplicates: 3000, rejected: [] });
  }, 60_000);
});
