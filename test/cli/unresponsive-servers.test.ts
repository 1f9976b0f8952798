// Issue 8.4: a server URL that is wrong, or a server that accepts connections and then never
// answers (or hangs up at once), ends the command in plain words: exit 2 for a URL that cannot
// name a store, exit 3 within 10 s naming the (redacted) URL for a server that does not serve, and
// never a driver's stack trace. The servers here are tiny TCP listeners on 127.0.0.1.
import net from 'node:net';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWithService, serviceUrl, uniqueName } from '@rapport/core/testing';
import { run } from '../../packages/cli/src/run.js';
import { runCli, type CliRun } from './support/run-cli.js';

/** A listener that accepts and then says nothing (`silent`) or hangs up at once (`closing`). */
const listen = async (behaviour: 'silent' | 'closing'): Promise<{ port: number; close: () => Promise<void> }> => {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    socket.on('error', () => undefined);
    if (behaviour === 'closing') socket.destroy();
    else sockets.add(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return {
    port: address.port,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
};

const REPORT = ['report', 'lifecycle', '--as-of', '2024-01-01T00:00:00Z', '--format', 'json'];

/**
 * The shell in this process, for URLs refused before or right after connecting: the same code as
 * the executable without a process start each (the timed cases above need the CPU).
 */
const runHere = async (args: readonly string[]): Promise<CliRun> => {
  const [stdout, stderr] = [new PassThrough(), new PassThrough()];
  const text = (stream: PassThrough): string => (stream.read() as Buffer | null)?.toString('utf8') ?? '';
  const code = await run(args, { stdout, stderr, stdin: new PassThrough(), env: {}, cwd: process.cwd() });
  return { code, stdout: text(stdout), stderr: text(stderr) };
};

/** The real executable for a silent server (the case that used to hang), the shell in this process for one that hangs up. */
const timed = async (behaviour: 'silent' | 'closing', args: readonly string[]): Promise<CliRun & { seconds: number }> => {
  const started = performance.now();
  const ran = await (behaviour === 'silent' ? runCli(args) : runHere(args));
  return { ...ran, seconds: (performance.now() - started) / 1000 };
};

/** No driver internals reach the user: one `rapport:` line, no stack frames. */
const expectPlainWords = (stderr: string): void => {
  expect(stderr).toMatch(/^rapport: /);
  expect(stderr).not.toMatch(/\n\s+at /);
  expect(stderr).not.toContain('internal error');
};

describe('servers that do not serve', () => {
  const servers: { port: number; close: () => Promise<void> }[] = [];
  let silent = 0;
  let closing = 0;
  beforeAll(async () => {
    const [a, b] = await Promise.all([listen('silent'), listen('closing')]);
    servers.push(a, b);
    silent = a.port;
    closing = b.port;
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  // Each case waits on a time-out, not the CPU: they run side by side. The 10 s bound includes
  // starting the executable, so only the silent cases, the ones that used to hang, pay for a
  // process each (on a loaded machine several starting at once take seconds).
  const cases = (port: () => number) => ({
    postgres: () => ['--store', `postgres://rapport:secret@127.0.0.1:${port()}/rapport`],
    esdb: () => ['--store', `esdb://rapport:secret@127.0.0.1:${port()}?tls=false`],
    redis: () => ['--store', 'memory:', '--read-models', `redis://:secret@127.0.0.1:${port()}/0`],
  });

  it.concurrent.each([
    ['silent', 'postgres'],
    ['silent', 'esdb'],
    ['silent', 'redis'],
    ['closing', 'postgres'],
    ['closing', 'esdb'],
    ['closing', 'redis'],
  ] as const)('a %s %s server: exit 3 within 10 s, naming the URL without its password', async (behaviour, kind) => {
    const options = cases(() => (behaviour === 'silent' ? silent : closing))[kind]();
    const run = await timed(behaviour, [...REPORT, ...options]);
    expect({ code: run.code, stderr: run.stderr }).toMatchObject({ code: 3, stderr: expect.stringContaining('store unavailable') });
    expect(run.seconds).toBeLessThan(10);
    expectPlainWords(run.stderr);
    const port = String(behaviour === 'silent' ? silent : closing);
    expect(run.stderr).toContain(`127.0.0.1:${port}`);
    expect(run.stderr).not.toContain('secret');
    expect(run.stdout).toBe('');
  });
});

describe('server URLs that cannot name a store', () => {
  it.concurrent.each([
    [['--store', 'memory:', '--read-models', 'redis://127.0.0.1:6379/abc'], /database number.*"abc"/],
    [['--store', 'memory:', '--read-models', 'redis://127.0.0.1:6379/0/1'], /database number.*"0\/1"/],
    [['--store', 'postgres://postgres@127.0.0.1:5432'], /needs a database name/],
    [['--store', 'postgres://postgres@127.0.0.1:0/rapport'], /port must be a whole number from 1 to 65535, not "0"/],
    [['--store', 'esdb://127.0.0.1:70000?tls=false'], /not "70000"/],
    // Only EventStoreDB's driver knows its options: its words, as a usage error.
    [['--store', 'esdb://127.0.0.1:2113?tls=maybe'], /esdb:\/\/127\.0\.0\.1:2113\?tls=maybe: .*expected true or false/],
  ])('%j: exit 2 in plain words', async (options, message) => {
    const refused = await runHere([...REPORT, ...options]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(message);
    expectPlainWords(refused.stderr);
  });
});

const postgres = await describeWithService('postgres');

postgres('a PostgreSQL database the server does not have', () => {
  it('is exit 2 naming it, not an outage', async () => {
    const url = new URL(serviceUrl('postgres'));
    url.pathname = `/${uniqueName('rapport_missing')}`;
    const refused = await runHere([...REPORT, '--store', url.toString()]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`database "${url.pathname.slice(1)}" does not exist`);
    expectPlainWords(refused.stderr);
  });

  it('a role the server does not have is exit 2 too: the server answered and refused the login', async () => {
    const url = new URL(serviceUrl('postgres'));
    url.username = uniqueName('rapport_nobody');
    const refused = await runHere([...REPORT, '--store', url.toString()]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`role "${url.username}" does not exist`);
    expectPlainWords(refused.stderr);
  });
});

const redis = await describeWithService('redis');

redis('a Redis database the server does not have', () => {
  it('is exit 2 naming the database and the server range, not a quiet switch to database 0', async () => {
    const url = new URL(serviceUrl('redis'));
    url.pathname = '/99';
    const refused = await runHere([...REPORT, '--store', 'memory:', '--read-models', url.toString()]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/the server has no database 99( \(it has databases 0 to \d+\))?$/m);
    expectPlainWords(refused.stderr);
  });
});
