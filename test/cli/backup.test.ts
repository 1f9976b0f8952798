// A closed SQLite store is one self-contained file (the write-ahead log is folded in on close), and
// `rapport backup FILE` copies a live store consistently, refusing to overwrite without --force.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from './support/run-cli.js';
import { tempStores } from './support/temp-stores.js';

const { root, freshStore } = tempStores('rapport-backup-');
const SAMPLE = path.join(REPO_ROOT, 'examples/sample-firm.jsonl');
const AS_OF = ['--as-of', '2024-12-31'];

/** What a store answers: its digest and a report, to compare a copy with the original. */
const answers = async (store: string): Promise<{ verify: unknown; lifecycle: string }> => {
  const [verify, lifecycle] = await Promise.all([
    runCli(['verify', '--store', store, '--format', 'json']),
    runCli(['report', 'lifecycle', ...AS_OF, '--store', store, '--format', 'json']),
  ]);
  expect(verify.code, verify.stderr).toBe(0);
  expect(lifecycle.code, lifecycle.stderr).toBe(0);
  return { verify: JSON.parse(verify.stdout), lifecycle: lifecycle.stdout };
};

describe('a closed sqlite: store', () => {
  const source = freshStore();
  let original: Awaited<ReturnType<typeof answers>>;

  beforeAll(async () => {
    const applied = await runCli(['apply', SAMPLE, '--store', source.url]);
    expect(applied.code, applied.stderr).toBe(0);
    original = await answers(source.url);
  });

  it('leaves no data in the write-ahead log: a copy of the .db file alone answers the same', async () => {
    const wal = `${source.file}-wal`;
    expect(fs.existsSync(wal) ? fs.statSync(wal).size : 0).toBe(0);
    const copy = path.join(root, 'plain-copy', 'rapport.db');
    fs.mkdirSync(path.dirname(copy));
    fs.copyFileSync(source.file, copy);
    expect(await answers(`sqlite:${copy}`)).toEqual(original);
  });

  describe('rapport backup FILE', () => {
    const target = path.join(root, 'backups', 'firm.db');

    it('writes a self-contained copy that verifies and reports as the original', async () => {
      const result = await runCli(['backup', target, '--store', source.url, '--format', 'json']);
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual({ file: target, events: (original.verify as { events: number }).events, bytes: fs.statSync(target).size });
      expect(fs.readdirSync(path.dirname(target))).toEqual(['firm.db']);
      expect(await answers(`sqlite:${target}`)).toEqual(original);
    });

    it('refuses to overwrite FILE (exit 2, FILE unchanged) unless --force', async () => {
      const bytes = fs.readFileSync(target);
      const refused = await runCli(['backup', target, '--store', source.url]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(`${target} already exists; pass --force`);
      expect(fs.readFileSync(target).equals(bytes)).toBe(true);
      fs.writeFileSync(target, 'stale');
      const forced = await runCli(['backup', target, '--force', '--store', source.url, '--format', 'json']);
      expect(forced.code, forced.stderr).toBe(0);
      expect((await answers(`sqlite:${target}`)).verify).toEqual(original.verify);
    });

    it('removes the partial copies that killed backups to FILE left beside it, and leaves a running one\'s', async () => {
      const folder = path.dirname(target);
      // Ids of no running process: a child that has exited and been reaped.
      const dead = [0, 1, 2, 3].map(() => spawnSync(process.execPath, ['-e', '0']).pid);
      const left = [`.firm.db.${dead[0]}.partial`, `.firm.db.${dead[0]}.partial-journal`, `.firm.db.${dead[1]}.partial`];
      // A dead id's copy written a minute ago may be another machine's backup, under way.
      const others = [`.firm.db.${process.pid}.partial`, '.other.db.1.partial', `.firm.db.${dead[1]}.partial.keep`, `.firm.db.${dead[2]}.partial`];
      const hourAgo = new Date(Date.now() - 3_600_000);
      for (const name of [...left, ...others]) {
        fs.writeFileSync(path.join(folder, name), 'half a copy');
        if (name !== others[3]) fs.utimesSync(path.join(folder, name), hourAgo, hourAgo);
      }
      // One that cannot be removed (here a folder; another user's file in a sticky folder) is left.
      const stuck = `.firm.db.${dead[3]}.partial`;
      fs.mkdirSync(path.join(folder, stuck));
      fs.writeFileSync(path.join(folder, stuck, 'x'), '');
      fs.utimesSync(path.join(folder, stuck), hourAgo, hourAgo);
      others.push(stuck);
      const result = await runCli(['backup', target, '--force', '--store', source.url]);
      expect(result.code, result.stderr).toBe(0);
      expect(fs.readdirSync(folder).filter((name) => name.startsWith('.')).sort()).toEqual([...others].sort());
      fs.rmSync(path.join(folder, stuck), { recursive: true });
      others.pop();
      expect(fs.existsSync(target)).toBe(true);
      for (const name of others) fs.rmSync(path.join(folder, name));
    });

    it('a FILE that cannot be written (its folder is a regular file) is exit 3 in plain words, not a stack trace', async () => {
      const file = path.join(root, 'plain-file');
      fs.writeFileSync(file, 'not a folder');
      const result = await runCli(['backup', path.join(file, 'x.db'), '--store', source.url]);
      expect(result.code).toBe(3);
      expect(result.stderr).toMatch(/^rapport: store unavailable: cannot write the backup .*plain-file\/x\.db: ENOTDIR/);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    });

    it('is a usage error for a store that is not sqlite:, naming rapport export; for a missing store; and for a FILE that is a directory', async () => {
      const missing = freshStore();
      const [memory, postgres, absent, directory] = await Promise.all([
        runCli(['backup', path.join(root, 'm.db'), '--store', 'memory:']),
        runCli(['backup', path.join(root, 'p.db'), '--store', 'postgres://nobody@127.0.0.1:1/none']),
        runCli(['backup', path.join(root, 'a.db'), '--store', missing.url]),
        runCli(['backup', root, '--store', source.url]),
      ]);
      for (const result of [memory, postgres]) {
        expect(result.code).toBe(2);
        expect(result.stderr).toContain('use rapport export');
      }
      expect(absent.code).toBe(2);
      expect(absent.stderr).toContain(`no Rapport store at ${missing.url}`);
      expect(directory.code).toBe(2);
      expect(directory.stderr).toContain('is a directory');
      for (const name of ['m.db', 'p.db', 'a.db']) expect(fs.existsSync(path.join(root, name))).toBe(false);
      expect(fs.existsSync(path.dirname(missing.file))).toBe(false);
    });
  });
});
