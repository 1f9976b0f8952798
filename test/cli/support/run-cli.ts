// Runs the real `rapport` executable in a child process, as a user's shell would: the compiled bin
// of @rapport/cli (test/support/build.ts brings dist/ up to date before the tests run).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const MAIN = path.join(REPO_ROOT, 'packages/cli/dist/main.js');

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliRunOptions {
  readonly cwd?: string;
  /** Added to a copy of the environment with every RAPPORT_* variable removed. */
  readonly env?: Readonly<Record<string, string>>;
  readonly stdin?: string | Buffer;
  /**
   * Run without root's power to ignore file modes (setpriv drops CAP_DAC_OVERRIDE and friends), so a
   * test running as root sees a 0444 file as a user who may only read it does, while the repository
   * stays readable whoever owns it.
   */
  readonly withoutRootOverride?: boolean;
}

const DROP_ROOT_OVERRIDE = ['--bounding-set=-dac_override,-dac_read_search,-fowner'];

export const runCli = (args: readonly string[], options: CliRunOptions = {}): Promise<CliRun> =>
  new Promise((resolve, reject) => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('RAPPORT_')));
    const [command, commandArgs] =
      options.withoutRootOverride === true ? ['setpriv', [...DROP_ROOT_OVERRIDE, process.execPath, MAIN, ...args]] : [process.execPath, [MAIN, ...args]];
    const child = spawn(command, commandArgs, {
      cwd: options.cwd ?? REPO_ROOT,
      env: { ...env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') }),
    );
    child.stdin.end(options.stdin ?? '');
  });
