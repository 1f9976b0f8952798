// Starts `rapport serve` in a child process, as a user would, and waits for the URL it prints.
import { spawn } from 'node:child_process';
import { MAIN, REPO_ROOT } from './run-cli.js';

export interface ServedCli {
  /** The dashboard's base URL, ending in `/`. */
  readonly url: string;
  /** Sends SIGTERM and resolves with how the process ended and what it wrote to stderr. */
  readonly stop: () => Promise<{ readonly code: number | null; readonly stderr: string }>;
}

/** `env`: added to this process's environment, from which every RAPPORT_ variable is left out. */
export const serveCli = (args: readonly string[], timeoutMs = 30_000, extraEnv: Readonly<Record<string, string>> = {}): Promise<ServedCli> =>
  new Promise((resolve, reject) => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('RAPPORT_')));
    const child = spawn(process.execPath, [MAIN, 'serve', '--port', '0', ...args], {
      cwd: REPO_ROOT,
      env: { ...env, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const closed = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`rapport serve printed no URL in ${timeoutMs} ms; stderr: ${stderr}`));
    }, timeoutMs);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const url = /http:\/\/\S+\//.exec(stdout)?.[0];
      if (url === undefined) return;
      clearTimeout(timer);
      resolve({
        url,
        stop: async () => {
          child.kill('SIGTERM');
          return { code: await closed, stderr };
        },
      });
    });
    void closed.then((code) => {
      clearTimeout(timer);
      reject(new Error(`rapport serve ended (exit ${code}) before printing its URL; stderr: ${stderr}`));
    });
  });
