// The CLI on a terminal, as a person at one runs it (`script`, from util-linux, gives it one).
// `rapport rebuild` draws its progress bar on standard error (SPEC §5): the bar's library is
// CommonJS bundled into ESM, and its require() of Node's own modules once failed there, so every
// rebuild from a terminal died with "Dynamic require of "readline" is not supported". And tables
// are cut to the terminal's width: the bundle once kept a width nobody set, and lines wrapped.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { describeNeeding } from '../support/describe-needing.js';
import { MAIN, runCli } from './support/run-cli.js';

const hasScript = spawnSync('script', ['--version']).status === 0;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-rebuild-tty-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describeNeeding(hasScript ? null : 'util-linux `script` cannot be run (it gives the CLI a terminal)')('the CLI on a terminal', () => {
  it('draws its bar and rebuilds, exit 0', async () => {
    const store = `sqlite:${path.join(dir, 'firm.db')}`;
    expect((await runCli(['demo', '--clients', '20', '--years', '1', '--store', store])).code).toBe(0);
    const quoted = [process.execPath, MAIN, 'rebuild', '--store', store].map((a) => `'${a}'`).join(' ');
    const run = spawnSync('script', ['-qec', quoted, '/dev/null'], { encoding: 'utf8' });
    expect(run.stdout).not.toContain('internal error');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/rebuilding clients, salespeople, firm, history .*100% \| 347\/347 events/);
    expect(run.stdout).toMatch(/rebuilt clients, salespeople, firm, history: 347 events folded/);
  });

  it('cuts a table\'s long text to the terminal\'s width', async () => {
    const store = `sqlite:${path.join(dir, 'firm.db')}`;
    const quoted = [process.execPath, MAIN, 'report', 'lifecycle', '--store', store].map((a) => `'${a}'`).join(' ');
    const narrow = spawnSync('script', ['-qec', `stty cols 70; ${quoted}`, '/dev/null'], { encoding: 'utf8' });
    const wide = spawnSync('script', ['-qec', `stty cols 250; ${quoted}`, '/dev/null'], { encoding: 'utf8' });
    expect(narrow.status).toBe(0);
    const longest = (text: string) => Math.max(...text.split(/\r?\n/).map((line) => line.length));
    expect(narrow.stdout).toContain('…');
    expect(longest(narrow.stdout)).toBeLessThan(longest(wide.stdout));
  });
});
