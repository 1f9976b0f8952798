// A command's answer that cannot be written (stdout on a full disk) is a failed command: one line
// on stderr and exit 2, never a truncated file with exit 0 or a stack trace. /dev/full refuses every
// write with ENOSPC, as a disk that has filled up does; a file-size limit (`ulimit -f`, with SIGXFSZ
// ignored) takes the first part of a write and refuses the rest, as a disk that fills up midway
// does. The same answers written to a regular file arrive whole, and to a pipe as before (the
// file-or-device check once broke module loading there).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeNeeding } from '../support/describe-needing.js';
import { MAIN, REPO_ROOT, runCli } from './support/run-cli.js';

const SAMPLE = path.join(REPO_ROOT, 'examples/sample-firm.jsonl');
let dir: string;
let store: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-output-'));
  store = `sqlite:${path.join(dir, 'firm.db')}`;
  expect((await runCli(['apply', SAMPLE, '--store', store])).code).toBe(0);
  // Read models caught up now, so the runs under a file-size limit below only read the store.
  expect((await runCli(['report', 'lifecycle', '--store', store])).code).toBe(0);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The CLI with its standard output opened on `file` (as a shell's `> file` does). */
const runInto = (file: string, args: readonly string[]) => {
  const fd = fs.openSync(file, 'w');
  try {
    const run = spawnSync(process.execPath, [MAIN, ...args], { stdio: ['ignore', fd, 'pipe'], encoding: 'utf8' });
    return { code: run.status, stderr: run.stderr };
  } finally {
    fs.closeSync(fd);
  }
};

const REPORT = ['report', 'lifecycle', '--as-of', '2025-06-30', '--format', 'csv'];

describeNeeding(fs.existsSync('/dev/full') ? null : 'no /dev/full device (a disk that is always full)')('an answer that cannot be written', () => {
  it.each([
    ['a report', REPORT],
    ['export (streamed)', ['export']],
    ['verify', ['verify']],
    ['--help (answered before any library code loads)', ['--help']],
  ])('%s: exit 2 and one line naming the failure', (_name, args) => {
    const { code, stderr } = runInto('/dev/full', [...args, '--store', store]);
    expect(code).toBe(2);
    expect(stderr).toBe('rapport: cannot write the output: ENOSPC: no space left on device, write\n');
  });
});

describe('an answer that can be written', () => {
  it('reaches a regular file whole, the same as through a pipe', async () => {
    const piped = await runCli([...REPORT, '--store', store]);
    expect(piped.code).toBe(0);
    expect(piped.stdout.split('\n').length).toBeGreaterThan(10);
    const file = path.join(dir, 'lifecycle.csv');
    expect(runInto(file, [...REPORT, '--store', store])).toEqual({ code: 0, stderr: '' });
    expect(fs.readFileSync(file, 'utf8')).toBe(piped.stdout);
  });
});

/** The CLI under a 32 KiB file-size limit, its stdout on `file`: the store's files stay within it. */
const runLimited = (args: readonly string[], file = '/dev/null') => {
  const quoted = [process.execPath, MAIN, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
  const run = spawnSync('sh', ['-c', `trap '' XFSZ; ulimit -f 64; exec ${quoted} > '${file}'`], { encoding: 'utf8' });
  return { code: run.status, stderr: run.stderr };
};

describe('an answer that fills the disk midway', () => {
  it('export (39 KB) stops with exit 2 naming the failure, not with a cut file and exit 0', () => {
    const file = path.join(dir, 'export.jsonl');
    expect(runLimited(['export', '--store', store], file)).toEqual({ code: 2, stderr: 'rapport: cannot write the output: EFBIG: file too large, write\n' });
  });

  it('report html leaves no half page, and an earlier page at its path as it was', async () => {
    const page = path.join(dir, 'report.html');
    fs.writeFileSync(page, 'the earlier page');
    const run = runLimited(['report', 'html', '--out', page, '--store', store]);
    expect(run).toEqual({ code: 2, stderr: `rapport: --out: cannot write ${page} (EFBIG)\n` });
    expect(fs.readFileSync(page, 'utf8')).toBe('the earlier page');
    expect(fs.readdirSync(dir).filter((name) => name.includes('partial'))).toEqual([]);
    // Unlimited, the page replaces the earlier one whole.
    expect((await runCli(['report', 'html', '--out', page, '--store', store])).code).toBe(0);
    expect(fs.readFileSync(page, 'utf8')).toMatch(/<\/html>\s*$/);
  });

  it('backup leaves neither the partial copy nor its journal (exit 3, as its help says for a FILE that cannot be written)', () => {
    const copy = path.join(dir, 'copy', 'firm-copy.db');
    const run = runLimited(['backup', copy, '--store', store]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^rapport: store unavailable: cannot write the backup .*firm-copy\.db: /);
    expect(fs.readdirSync(path.dirname(copy))).toEqual([]);
  });
});
