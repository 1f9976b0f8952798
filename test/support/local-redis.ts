// Redis servers a test starts for itself on spare ports, in a temporary folder, and removes: a
// three-node Redis Cluster, or one plain server. Never the shared Redis on 6379: a cluster needs
// servers started with --cluster-enabled, and a test may write its default keys freely here.
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Suite } from '@rapport/core/testing';
import { describeNeeding } from './describe-needing.js';

const run = promisify(execFile);

/** Null when `redis-server` and `redis-cli` can be run, else why not. */
export const redisBinariesProblem = (): string | null => {
  for (const binary of ['redis-server', 'redis-cli']) {
    const probe = spawnSync(binary, ['--version'], { encoding: 'utf8' });
    if (probe.error !== undefined || probe.status !== 0) return `${binary} cannot be run (${probe.error?.message ?? probe.stderr.trim()})`;
  }
  return null;
};

/** `describe` when the Redis binaries exist; else skipped with the reason, or failing under RAPPORT_REQUIRE_SERVICES=1. */
export const describeWithRedisBinaries = (): Suite => {
  const problem = redisBinariesProblem();
  return describeNeeding(problem === null ? null : `local Redis servers unavailable: ${problem}`);
};

/** A port nobody listens on now, whose cluster bus port (+10000) is free too. */
const sparePort = async (taken: ReadonlySet<number>): Promise<number> => {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await listenOnce(0);
    if (port <= 55_535 && !taken.has(port) && (await listenOnce(port + 10_000).then(() => true, () => false))) return port;
  }
  throw new Error('no spare port pair found for a Redis Cluster node');
};

/** Listens on `port` (0: any) on 127.0.0.1, closes, and answers the port it got. */
const listenOnce = (port: number): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });

export interface LocalRedis {
  /** `redis-cluster://127.0.0.1:P1,…` or `redis://127.0.0.1:P`. */
  readonly url: string;
  /** The servers' ports on 127.0.0.1. */
  readonly ports: readonly number[];
  /** Shuts every server down and deletes the folder; safe to call twice. */
  readonly stop: () => Promise<void>;
}

const startServers = async (root: string, ports: readonly number[], cluster: boolean): Promise<void> => {
  for (const port of ports) {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', root, '--daemonize', 'yes',
      '--pidfile', path.join(root, `redis-${port}.pid`), '--logfile', path.join(root, `redis-${port}.log`)];
    if (cluster) args.push('--cluster-enabled', 'yes', '--cluster-config-file', path.join(root, `nodes-${port}.conf`));
    await run('redis-server', args);
  }
};

const until = async (what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

/** redis-cli against one server: its standard output. */
export const redisCli = async (port: number, ...args: string[]): Promise<string> => (await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args])).stdout;

const stopper = (root: string, ports: readonly number[]) => {
  let stopped = false;
  return async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    // SHUTDOWN NOSAVE via each server's own port; a server that is already gone is fine.
    await Promise.all(ports.map((port) => redisCli(port, 'shutdown', 'nosave').catch(() => undefined)));
    await until('the servers to exit', async () => ports.every((port) => !fs.existsSync(path.join(root, `redis-${port}.pid`))), 5000).catch(() => undefined);
    fs.rmSync(root, { recursive: true, force: true });
  };
};

/** Three masters (no replicas) sharing the 16384 slots, ready (cluster_state:ok on every node). */
export const startLocalCluster = async (): Promise<LocalRedis> => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-redis-cluster-'));
  const ports: number[] = [];
  const stop = stopper(root, ports);
  try {
    for (let n = 0; n < 3; n++) ports.push(await sparePort(new Set(ports)));
    await startServers(root, ports, true);
    await until('the nodes to answer', async () => (await Promise.all(ports.map((port) => redisCli(port, 'ping')))).every((reply) => reply.trim() === 'PONG'));
    await run('redis-cli', ['--cluster', 'create', ...ports.map((port) => `127.0.0.1:${port}`), '--cluster-replicas', '0', '--cluster-yes']);
    await until('cluster_state:ok', async () => (await Promise.all(ports.map((port) => redisCli(port, 'cluster', 'info')))).every((info) => info.includes('cluster_state:ok')));
    return { url: `redis-cluster://${ports.map((port) => `127.0.0.1:${port}`).join(',')}`, ports, stop };
  } catch (error) {
    await stop();
    throw error;
  }
};

/** One plain server, for comparing with the cluster without touching the shared Redis. */
export const startLocalRedis = async (): Promise<LocalRedis> => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-redis-'));
  const ports: number[] = [];
  const stop = stopper(root, ports);
  try {
    ports.push(await sparePort(new Set()));
    await startServers(root, ports, false);
    await until('the server to answer', async () => (await redisCli(ports[0] ?? 0, 'ping')).trim() === 'PONG');
    return { url: `redis://127.0.0.1:${ports[0]}`, ports, stop };
  } catch (error) {
    await stop();
    throw error;
  }
};
