// `rapport rebuild` on a terminal draws its progress bar on standard error (SPEC §5). The bar's
// library is CommonJS bundled into ESM, and its require() of Node's own modules once failed there:
// every rebuild run from a terminal died with "Dynamic require of "readline" is not supported".
// `script` (util-linux) gives the command a terminal, as a person at one does.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAIN, runCli } from './support/run-cli.js';

const hasScript = spawnSync('script', ['--version']).status === 0;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-rebuild-tty-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!hasScript)('rapport rebuild on a terminal', () => {
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
});
