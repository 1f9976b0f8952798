// The fault-injection suite's processes: the real `rapport` executable (the compiled bin, as
// run-cli.ts runs it), started as a user's shell would and killed with SIGKILL at a chosen moment
// (no handler runs, nothing is flushed or closed), and a private redis-server the suite may kill
// and restart (never the shared one).
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { MAIN, REPO_ROOT, type CliRun } from '../../cli/support/run-cli.js';

/** A seeded generator (mulberry32): the same seed kills at the same moments on every run. */
export const seeded = (seed: number): (() => number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
};

export interface CliOutcome extends CliRun {
  readonly signal: NodeJS.Signals | null;
  readonly ms: number;
}

export interface KillPlan {
  /** SIGKILL this long after the start, if it still runs. */
  readonly killAfterMs?: number;
  /** SIGKILL as soon as this says so (asked every 20 ms): a point in the work rather than in time. */
  readonly killWhen?: () => boolean;
}

/** Starts `rapport ARGS` and, as `plan` says, kills it with SIGKILL. */
export const startCli = (args: readonly string[], plan: KillPlan = {}): Promise<CliOutcome> =>
  new Promise((resolve, reject) => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('RAPPORT_')));
    const started = performance.now();
    const child: ChildProcess = spawn(process.execPath, [MAIN, ...args], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
    const timer = plan.killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), plan.killAfterMs);
    const { killWhen } = plan;
    const watch = killWhen === undefined ? undefined : setInterval(() => killWhen() && child.kill('SIGKILL'), 20);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearInterval(watch);
      resolve({
        code,
        signal,
        ms: performance.now() - started,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      });
    });
  });

/** Runs `rapport ARGS` to the end and fails the test with its output unless it exits with `expected`. */
export const cli = async (args: readonly string[], expected = 0): Promise<CliOutcome> => {
  const outcome = await startCli(args);
  if (outcome.code !== expected) {
    throw new Error(`rapport ${args.join(' ')}: exit ${outcome.code} (${outcome.signal ?? 'no signal'}), expected ${expected}\n${outcome.stderr}${outcome.stdout.slice(0, 2000)}`);
  }
  return outcome;
};

/** A port nothing listens on now (the kernel's pick, released at once). */
export const sparePort = async (): Promise<number> => {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
};

const answersPing = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.setTimeout(500);
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    for (const event of ['error', 'timeout', 'close'] as const) socket.on(event, () => resolve(false));
  });

export interface PrivateRedis {
  readonly url: string;
  /** SIGKILL, as a crash: what the append-only file holds survives into the next start. */
  kill(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** SIGSTOP / SIGCONT: a server that keeps its connections open and stops answering, then resumes. */
  pause(): void;
  resume(): void;
}

/**
 * A redis-server of our own on a spare port, its data in `dir` with an fsync'd append-only file,
 * so a restart brings back exactly what was committed before the kill (partial catch-ups included).
 */
export const privateRedis = async (dir: string): Promise<PrivateRedis> => {
  const port = await sparePort();
  let server: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir], {
      stdio: 'ignore',
    });
    for (let tries = 0; tries < 100; tries++) {
      if (await answersPing(port)) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`redis-server on port ${port} did not start`);
  };
  const kill = async (): Promise<void> => {
    const running = server;
    if (running === undefined || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  };
  await start();
  return { url: `redis://127.0.0.1:${port}/0`, kill, start, stop: kill, pause: () => server?.kill('SIGSTOP'), resume: () => server?.kill('SIGCONT') };
};
