// Redis restarted while a report catches its read models up (issue 8.9): a redis-server of the
// suite's own (never the shared one), with an fsync'd append-only file, is killed with SIGKILL once
// the catch-up has started writing and started again at once, so it comes back with whatever
// batches were committed. The interrupted report may fail (exit 3) or ride out the restart; the
// re-run and every report equal a clean run's: a half-written read model never answers.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithService } from '@rapport/core/testing';
import { openRedisReadModelStore } from '@rapport/redis';
import { openSqliteEventStore, openSqliteReadModelStore } from '@rapport/sqlite';
import { tempStores } from '../cli/support/temp-stores.js';
import { firmState, writeCommandFile, type FirmState } from './support/firm.js';
import { cli, privateRedis, seeded, startCli, type PrivateRedis } from './support/processes.js';

// The suite starts its own server, but only where Redis is part of the environment (CI has it).
const suite = await describeWithService('redis');

/** DBSIZE over a bare connection (the test package has no Redis client): keys in database 0, 0 when down. */
const keyCount = (port: number): Promise<number> =>
  new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.setTimeout(300);
    socket.on('connect', () => socket.write('DBSIZE\r\n'));
    socket.on('data', (data) => {
      socket.destroy();
      const match = /^:(\d+)/.exec(data.toString());
      resolve(match === null ? 0 : Number(match[1]));
    });
    for (const event of ['error', 'timeout', 'close'] as const) socket.on(event, () => resolve(0));
  });

suite('redis-server killed and restarted during a catch-up', () => {
  const temp = tempStores('rapport-faults-redis-');
  const commandFile = path.join(temp.root, 'firm.jsonl');
  let cleanStore = '';
  let clean: FirmState;
  const servers: PrivateRedis[] = [];

  beforeAll(async () => {
    // Big enough that catching its read models up takes about a second, so the crash lands inside
    // (150 clients did until rebuilds got three times faster; then a catch-up could end first).
    writeCommandFile(commandFile, 500);
    const store = temp.freshStore();
    cleanStore = store.file;
    await cli(['apply', commandFile, '--store', store.url]);
    clean = await firmState(await openSqliteEventStore(store.file), await openSqliteReadModelStore(store.file));
  }, 60_000);

  afterAll(async () => {
    for (const server of servers) await server.stop();
  });

  it.each([1, 2])('seed %i: the re-run answers as a clean run does', async (seed) => {
    const random = seeded(400 + seed);
    const dir = path.join(temp.root, `redis-${seed}`);
    fs.mkdirSync(dir);
    const redis = await privateRedis(dir);
    servers.push(redis);
    const port = Number(new URL(redis.url).port);
    // A store of its own, so only the read models live in Redis.
    const store = temp.freshStore();
    fs.mkdirSync(path.dirname(store.file), { recursive: true });
    fs.copyFileSync(cleanStore, store.file);
    const report = ['report', 'lifecycle', '--as-of', '2026-06-30', '--format', 'json', '--store', store.url, '--read-models', redis.url];

    // The crash: once the catch-up has written something, and a random moment later (short: a
    // first build writes each projection once, near its end, so a long wait could miss it).
    const extraMs = 40 * random();
    let writingSince: number | undefined;
    let restarted: Promise<void> | undefined;
    const interrupted = await startCli(report, {
      killWhen: () => {
        if (restarted !== undefined) return false;
        if (writingSince === undefined) {
          void keyCount(port).then((keys) => {
            if (keys > 0 && writingSince === undefined) writingSince = performance.now();
          });
          return false;
        }
        if (performance.now() - writingSince < extraMs) return false;
        restarted = redis.kill().then(() => redis.start());
        return false;
      },
    });
    expect(restarted).toBeDefined();
    await restarted;
    expect([0, 3]).toContain(interrupted.code);
    if (interrupted.code === 3) expect(interrupted.stderr).toMatch(/^rapport: store unavailable: Redis read-model store redis:\/\/127\.0\.0\.1:\d+\/0: [^\n]*\n$/);
    else expect(JSON.parse(interrupted.stdout)).toEqual(clean.reports['lifecycle']);

    const rerun = await cli(report);
    expect(JSON.parse(rerun.stdout)).toEqual(clean.reports['lifecycle']);
    const state = await firmState(await openSqliteEventStore(store.file), openRedisReadModelStore(redis.url));
    expect(state.history).toEqual(clean.history);
    expect(state.reports).toEqual(clean.reports);
    await redis.stop();
  });
});
