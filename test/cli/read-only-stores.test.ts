// SPEC §5: commands that only read (reports, history, verify, export) never create or change a
// store. A sqlite: path with no Rapport store there is a usage error naming it, and nothing appears
// or changes on disk; a store the user may only read works, its read models kept in memory.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSqliteDatabase, openSqliteDatabase } from '@rapport/sqlite';
import { REPO_ROOT, runCli, type CliRunOptions } from './support/run-cli.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-read-only-'));
// Open to the store owner the read-only tests hand their files to.
fs.chmodSync(root, 0o755);
afterAll(() => {
  for (const dir of fs.readdirSync(root)) fs.chmodSync(path.join(root, dir), 0o755);
  fs.rmSync(root, { recursive: true, force: true });
});

const SAMPLE = path.join(REPO_ROOT, 'examples/sample-firm.jsonl');
const READ_COMMANDS = [['verify'], ['export'], ['history', 'c-001', '--as-of', '2024-12-31'], ['report', 'lifecycle', '--as-of', '2024-12-31']] as const;

/** Every entry under `dir` (recursively) with its size, mode and modification time. */
const snapshot = (dir: string): Record<string, string> => {
  const out: Record<string, string> = {};
  const walk = (at: string): void => {
    for (const name of fs.readdirSync(at).sort()) {
      const full = path.join(at, name);
      const stat = fs.statSync(full);
      out[path.relative(dir, full)] = `${stat.size} ${stat.mode.toString(8)} ${stat.mtimeMs}`;
      if (stat.isDirectory()) walk(full);
    }
  };
  walk(dir);
  return out;
};

const folder = (name: string): string => {
  const dir = path.join(root, name);
  fs.mkdirSync(dir, { mode: 0o755 });
  return dir;
};

describe('a read-only command on a sqlite: path with no Rapport store', () => {
  it('refuses a missing file (exit 2, naming the path) and creates neither it nor its directory', async () => {
    const dir = folder('missing');
    const file = path.join(dir, 'typo', 'rapport.db');
    const results = await Promise.all(READ_COMMANDS.map((args) => runCli([...args, '--store', `sqlite:${file}`])));
    for (const result of results) {
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(`no Rapport store at sqlite:${file}`);
    }
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('rebuild and project, which only read the log, refuse it too, and create nothing', async () => {
    const dir = folder('fold-missing');
    const file = path.join(dir, 'typo', 'rapport.db');
    for (const args of [['rebuild'], ['project'], ['parked', 'retry', '1']]) {
      const result = await runCli([...args, '--store', `sqlite:${file}`]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain(`no Rapport store at sqlite:${file}`);
    }
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('refuses the default store when there is none, without creating .rapport/', async () => {
    const dir = folder('default');
    const result = await runCli(['report', 'lifecycle'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(path.join(dir, '.rapport', 'rapport.db'));
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('refuses a directory, a text file, an empty file and another program\'s database, changing no byte', async () => {
    const dir = folder('not-stores');
    fs.mkdirSync(path.join(dir, 'a-directory'));
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'these are not the events you are looking for\n');
    fs.writeFileSync(path.join(dir, 'empty.db'), '');
    const other = openSqliteDatabase(path.join(dir, 'other.db'));
    other.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY, total INTEGER); INSERT INTO invoices (total) VALUES (125)');
    closeSqliteDatabase(other);
    // Another program's database as it usually sits: the file alone (its log checkpointed away). A
    // look at it must not create SQLite's -shm or -wal beside it, nor touch them when they exist.
    for (const suffix of ['-wal', '-shm']) fs.rmSync(path.join(dir, `other.db${suffix}`), { force: true });
    const before = snapshot(dir);
    expect(Object.keys(before).filter((name) => name.startsWith('other.db'))).toEqual(['other.db']);
    const bytes = fs.readFileSync(path.join(dir, 'other.db'));
    const cases = [
      [['report', 'lifecycle'], 'a-directory', /is a directory/],
      [['verify'], 'notes.txt', /not a Rapport store: not a SQLite database/],
      [['export'], 'empty.db', /no Rapport store at .*: the SQLite file holds no tables/],
      [['history', 'c-001'], 'other.db', /not a Rapport store: it is another program's SQLite database \(tables invoices\)/],
      [['report', 'cohorts'], 'other.db', /another program's/],
      // A command that writes may create a store, but never inside another program's database.
      [['apply', SAMPLE], 'other.db', /another program's/],
    ] as const;
    const results = await Promise.all(cases.map(([args, name]) => runCli([...args, '--store', `sqlite:${path.join(dir, name)}`])));
    results.forEach((result, i) => {
      const [, name, message] = cases[i]!;
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`sqlite:${path.join(dir, name)}`);
      expect(result.stderr).toMatch(message);
    });
    expect(snapshot(dir)).toEqual(before);
    expect(fs.readFileSync(path.join(dir, 'other.db')).equals(bytes)).toBe(true);
  });
});

/**
 * As root, the store is handed to another owner (nobody) and the CLI runs without root's power to
 * ignore modes: it then stands where an auditor with read access stands, while the repository's
 * compiled CLI stays readable wherever CI cloned it.
 */
const ownedByAnother = (dir: string): void => {
  if (process.getuid?.() !== 0) return;
  for (const entry of [dir, ...fs.readdirSync(dir).map((name) => path.join(dir, name))]) fs.chownSync(entry, 65534, 65534);
};

describe('a store the user may only read', () => {
  const dir = path.join(root, 'read-only');
  const file = path.join(dir, 'rapport.db');
  const store = `sqlite:${file}`;
  // Root may write whatever the mode bits say, so as root the commands run without that power.
  const asReader: CliRunOptions = process.getuid?.() === 0 ? { withoutRootOverride: true } : {};
  const expected: Record<string, string> = {};
  let before: Record<string, string> = {};
  let bytes: Buffer;

  beforeAll(async () => {
    expect((await runCli(['apply', SAMPLE, '--store', store])).code).toBe(0);
    // The answers on the writable store, to compare with.
    const results = await Promise.all(READ_COMMANDS.map((args) => runCli([...args, '--store', store, '--format', 'json'])));
    results.forEach((result, i) => {
      expect(result.code).toBe(0);
      expected[READ_COMMANDS[i]!.join(' ')] = result.stdout;
    });
    ownedByAnother(dir);
    fs.chmodSync(file, 0o444);
    fs.chmodSync(dir, 0o555);
    before = snapshot(dir);
    bytes = fs.readFileSync(file);
  });

  it('answers verify, export, history and reports as on the writable store, and changes nothing', async () => {
    const results = await Promise.all(READ_COMMANDS.map((args) => runCli([...args, '--store', store, '--format', 'json'], asReader)));
    results.forEach((result, i) => {
      const command = READ_COMMANDS[i]!.join(' ');
      expect(result.code, `${command}: ${result.stderr}`).toBe(0);
      expect(result.stdout).toBe(expected[command]);
    });
    // Reports and history fold the read models in memory, and say so once.
    for (const result of results.slice(2)) {
      expect(result.stderr).toBe(`rapport: ${store} may only be read: read models are kept in memory for this run\n`);
    }
    for (const result of results.slice(0, 2)) expect(result.stderr).toBe('');
    expect(snapshot(dir)).toEqual(before);
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });

  it('refuses a command that writes (exit 2, in plain words), and still nothing changes', async () => {
    const results = await Promise.all([['apply', SAMPLE], ['rebuild']].map((args) => runCli([...args, '--store', store], asReader)));
    for (const result of results) {
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`${store} may only be read by this user, and this command writes to it`);
    }
    expect(snapshot(dir)).toEqual(before);
  });

  it('reads the .db file alone in a read-only folder, with no -wal or -shm beside it to share', async () => {
    const bare = path.join(root, 'bare');
    fs.mkdirSync(bare);
    fs.copyFileSync(file, path.join(bare, 'rapport.db'));
    ownedByAnother(bare);
    fs.chmodSync(path.join(bare, 'rapport.db'), 0o444);
    fs.chmodSync(bare, 0o555);
    const state = snapshot(bare);
    const url = `sqlite:${path.join(bare, 'rapport.db')}`;
    const [verify, lifecycle] = await Promise.all(
      [READ_COMMANDS[0], READ_COMMANDS[3]].map((args) => runCli([...args, '--store', url, '--format', 'json'], asReader)),
    );
    if (verify === undefined || lifecycle === undefined) throw new Error('two runs were started');
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stdout).toBe(expected.verify);
    expect(lifecycle.code, lifecycle.stderr).toBe(0);
    expect(lifecycle.stdout).toBe(expected[READ_COMMANDS[3].join(' ')]);
    expect(snapshot(bare)).toEqual(state);
  });
});
