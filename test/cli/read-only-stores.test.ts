// SPEC §5: commands that only read (reports, history, verify, export) never create or change a
// store. A sqlite: path with no Rapport store there is a usage error naming it, and nothing appears
// or changes on disk; a store the user may only read works: its read models are read as they stand
// when current (or under --catch-up never, and by status), and folded in memory when behind.
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
      const stat = fs.lstatSync(full);
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
    // The read models in the file are current (the writable runs caught them up): reports and
    // history answer from them as they stand, with nothing to say.
    for (const result of results) expect(result.stderr).toBe('');
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

  it('names the directory when the file may be written but its folder may not (SQLite must create -wal and -shm there)', async () => {
    const folder = path.join(root, 'folder-read-only');
    fs.mkdirSync(folder);
    const writable = path.join(folder, 'w.db');
    fs.copyFileSync(file, writable);
    ownedByAnother(folder);
    fs.chmodSync(writable, 0o666);
    fs.chmodSync(folder, 0o555);
    const state = snapshot(folder);
    const applied = await runCli(['apply', SAMPLE, '--store', `sqlite:${writable}`], asReader);
    expect(applied.code).toBe(2);
    expect(applied.stderr).toBe(
      `rapport: --store: this user may not write the directory ${folder}, where SQLite keeps w.db-wal and -shm beside the store, ` +
        'and this command writes to it: make the directory writable or move the store (commands that only read work)\n',
    );
    expect(snapshot(folder)).toEqual(state);
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

describe('read models a reader may only read, behind the log', () => {
  const dir = path.join(root, 'read-only-behind');
  const file = path.join(dir, 'rapport.db');
  const store = `sqlite:${file}`;
  const asReader: CliRunOptions = process.getuid?.() === 0 ? { withoutRootOverride: true } : {};
  const lines = fs.readFileSync(SAMPLE, 'utf8').split('\n').filter((line) => line !== '');
  const LIFECYCLE = ['report', 'lifecycle', '--as-of', '2024-12-31', '--format', 'json'];
  let current = '';
  let asBuilt = '';
  let neverAsBuilt: { code: number | null; stdout: string; stderr: string } = { code: 0, stdout: '', stderr: '' };
  let statusAsWritten = '';
  let before: Record<string, string> = {};

  beforeAll(async () => {
    fs.mkdirSync(dir);
    const half = path.join(root, 'half.jsonl');
    fs.writeFileSync(half, `${lines.slice(0, 40).join('\n')}\n`);
    expect((await runCli(['apply', half, '--store', store])).code).toBe(0);
    // Built here, at the 40th command's events; the rest is appended after, and not folded.
    const built = await runCli(LIFECYCLE.concat('--store', store));
    expect(built.code).toBe(0);
    asBuilt = built.stdout;
    neverAsBuilt = await runCli(LIFECYCLE.concat('--store', store, '--catch-up', 'never'));
    expect(neverAsBuilt.code).toBe(0);
    expect((await runCli(['apply', SAMPLE, '--store', store])).code).toBe(0);
    const writtenStatus = await runCli(['status', '--store', store, '--format', 'json']);
    expect(writtenStatus.code).toBe(0);
    statusAsWritten = writtenStatus.stdout;
    const copy = path.join(root, 'behind-writable.db');
    fs.copyFileSync(file, copy);
    const whole = await runCli(LIFECYCLE.concat('--store', `sqlite:${copy}`));
    expect(whole.code).toBe(0);
    current = whole.stdout;
    expect(current).not.toBe(asBuilt);
    ownedByAnother(dir);
    for (const name of fs.readdirSync(dir)) fs.chmodSync(path.join(dir, name), 0o444);
    fs.chmodSync(dir, 0o555);
    before = snapshot(dir);
  });

  it('folds them in memory to answer for the whole log, says so once, and writes nothing', async () => {
    const result = await runCli(LIFECYCLE.concat('--store', store), asReader);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(current);
    expect(result.stderr).toBe(`rapport: ${store} may only be read, and its read models are not current with the log: they are folded in memory for this run\n`);
    expect(snapshot(dir)).toEqual(before);
  });

  it('answers --catch-up never from them as they stand, and status shows their generations and lag', async () => {
    const never = await runCli(LIFECYCLE.concat('--store', store, '--catch-up', 'never'), asReader);
    expect(never.code, never.stderr).toBe(0);
    expect(never.stdout).toBe(neverAsBuilt.stdout);
    expect(never.stderr).toBe(neverAsBuilt.stderr);

    const status = await runCli(['status', '--store', store, '--format', 'json'], asReader);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toBe(statusAsWritten);
    const rows = (JSON.parse(status.stdout) as { projections: { name: string; generation: number | null; lag: number | null }[] }).projections;
    expect(rows.map((row) => row.name).sort()).toEqual(['clients', 'firm', 'history', 'salespeople']);
    for (const row of rows) {
      expect(row.generation, row.name).toEqual(expect.any(Number));
      expect(row.lag, row.name).toBeGreaterThan(0);
    }
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('a store a reader may only read, whose read models were never built', () => {
  it('--catch-up never says they were never built, without claiming to fold them in memory', async () => {
    const dir = folder('never-built');
    const file = path.join(dir, 'rapport.db');
    expect((await runCli(['apply', SAMPLE, '--store', `sqlite:${file}`])).code).toBe(0);
    ownedByAnother(dir);
    fs.chmodSync(file, 0o444);
    fs.chmodSync(dir, 0o555);
    const asReader: CliRunOptions = process.getuid?.() === 0 ? { withoutRootOverride: true } : {};
    const never = await runCli(['report', 'lifecycle', '--store', `sqlite:${file}`, '--catch-up', 'never'], asReader);
    expect(never.code).toBe(3);
    expect(never.stderr).toMatch(/never been built/);
    expect(never.stderr).not.toMatch(/folded in memory/);
    // Without --catch-up never they are folded in memory, and the reader is told so.
    const auto = await runCli(['report', 'lifecycle', '--as-of', '2024-12-31', '--store', `sqlite:${file}`], asReader);
    expect(auto.code, auto.stderr).toBe(0);
    expect(auto.stderr).toMatch(/folded in memory for this run/);
  });
});

describe('a sqlite: store a writing command cannot create', () => {
  const asReader: CliRunOptions = process.getuid?.() === 0 ? { withoutRootOverride: true } : {};

  it('names why (a file where a folder must be, a dangling link, a folder this user may not write): exit 2, nothing created', async () => {
    const dir = folder('uncreatable');
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'a file, not a folder\n');
    fs.mkdirSync(path.join(dir, 'default'));
    fs.writeFileSync(path.join(dir, 'default', '.rapport'), '');
    fs.mkdirSync(path.join(dir, 'linked'));
    fs.symlinkSync(path.join(dir, 'nowhere', 'target.db'), path.join(dir, 'linked', 'rapport.db'));
    fs.symlinkSync(path.join(dir, 'nowhere'), path.join(dir, 'linked-folder'));
    fs.mkdirSync(path.join(dir, 'locked'));
    ownedByAnother(path.join(dir, 'locked'));
    fs.chmodSync(path.join(dir, 'locked'), 0o555);
    const before = snapshot(dir);
    const cases = [
      [['--store', `sqlite:${path.join(dir, 'notes.txt', 'x.db')}`], {}, `${path.join(dir, 'notes.txt')} is a file, not a directory`],
      [[], { cwd: path.join(dir, 'default') }, `${path.join(dir, 'default', '.rapport')} is a file, not a directory`],
      [['--store', `sqlite:${path.join(dir, 'linked', 'rapport.db')}`], {}, `it is a symbolic link to ${path.join(dir, 'nowhere', 'target.db')}, and its folder ${path.join(dir, 'nowhere')} does not exist`],
      [['--store', `sqlite:${path.join(dir, 'linked-folder', 'sub', 'rapport.db')}`], {}, `${path.join(dir, 'linked-folder')} is a symbolic link to ${path.join(dir, 'nowhere')}, which does not exist`],
      [['--store', `sqlite:${path.join(dir, 'locked', 'sub', 'rapport.db')}`], asReader, `this user may not write the directory ${path.join(dir, 'locked')}`],
    ] as const;
    for (const [args, options, message] of cases) {
      const result = await runCli(['apply', SAMPLE, ...args], options);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toContain('cannot create sqlite:');
      expect(result.stderr).toContain(message);
      expect(result.stderr).not.toMatch(/ConnectionFailed|EACCES/);
    }
    expect(snapshot(dir)).toEqual(before);
  });
});
