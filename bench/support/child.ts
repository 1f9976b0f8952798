// A child process timed from outside, with its peak resident memory as the kernel counted it
// (GNU time's %M), so a figure covers the whole process: start-up, modules, work and exit.
import { spawn } from 'node:child_process';
import fs from 'node:fs';

export interface ChildRun {
  readonly ms: number;
  readonly peakRssMb: number;
  readonly stdout: string;
}

const GNU_TIME = '/usr/bin/time';

/** Runs `command args…`; rejects with its stderr when it exits non-zero (unless `allowExit` has the code). */
export const runChild = (command: string, args: readonly string[], options: { cwd?: string; allowExit?: readonly number[] } = {}): Promise<ChildRun> => {
  if (!fs.existsSync(GNU_TIME)) throw new Error(`${GNU_TIME} is needed to measure a child's peak RSS (apt-get install time)`);
  return new Promise((resolve, reject) => {
    // GNU time writes its figure last on stderr; a marker keeps it apart from the child's own output.
    const child = spawn(GNU_TIME, ['-f', 'peak-rss-kb=%M', command, ...args], { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const start = performance.now();
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - start;
      const stderr = Buffer.concat(err).toString();
      const match = /peak-rss-kb=(\d+)\s*$/.exec(stderr);
      if (code !== 0 && !(options.allowExit ?? []).includes(code ?? -1)) {
        reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr.slice(0, 2000)}`));
        return;
      }
      if (match === null) {
        reject(new Error(`no peak RSS from ${GNU_TIME}: ${stderr.slice(-500)}`));
        return;
      }
      resolve({ ms, peakRssMb: Number(match[1]) / 1024, stdout: Buffer.concat(out).toString() });
    });
  });
};
