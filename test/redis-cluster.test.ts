// Read models on a real three-node Redis Cluster that this file starts on spare ports and removes:
// the shared read-model contract, the key layout that keeps each projection in one slot, and the
// CLI's reports on the cluster equal to the same reports on a plain Redis and in memory.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { StoreUnavailable, sequencePosition } from '@rapport/core';
import { readModelStoreContract, snapshot, uniqueName } from '@rapport/core/testing';
import { openRedisReadModelStore } from '@rapport/redis';
import { REPO_ROOT, runCli } from './cli/support/run-cli.js';
import { tempStores } from './cli/support/temp-stores.js';
import { describeWithRedisBinaries, redisCli, startLocalCluster, startLocalRedis, type LocalRedis } from './support/local-redis.js';

const suite = describeWithRedisBinaries();

suite('read models on a Redis Cluster', () => {
  let cluster: LocalRedis | undefined;
  let plain: LocalRedis | undefined;
  beforeAll(async () => {
    [cluster, plain] = await Promise.all([startLocalCluster(), startLocalRedis()]);
  });
  afterAll(async () => {
    await Promise.all([cluster?.stop(), plain?.stop()]);
  });
  const clusterUrl = (): string => {
    if (cluster === undefined) throw new Error('the cluster did not start');
    return cluster.url;
  };

  // Each store gets its own prefix; the cluster is this file's own and removed afterwards.
  readModelStoreContract('redis cluster', async () => {
    const store = openRedisReadModelStore(clusterUrl(), { prefix: `${uniqueName('contract')}:` });
    return { store, cleanup: () => store.close() };
  });

  it('puts every key of a projection in one slot, and different firms in different slots', async () => {
    const prefixes = ['firm-a:', 'firm-b:'];
    const stores = prefixes.map((prefix) => openRedisReadModelStore(clusterUrl(), { prefix }));
    try {
      for (const store of stores) {
        const old = await store.beginGeneration('clients', 1);
        await store.activate('clients', old);
        const fresh = await store.beginGeneration('clients', 2);
        await store.applyBatch('clients', fresh, [{ collection: 'clients', key: 'c-1', doc: { n: 1 } }, { collection: 'stages', key: 'c-1', doc: 'engaged' }], { from: null, to: sequencePosition(1) });
        await store.activate('clients', fresh);
        expect((await snapshot(store, 'clients', ['clients', 'stages']))?.documents).toHaveLength(2);
      }
      const slotsOf = async (prefix: string): Promise<Set<number>> => {
        const keys: string[] = [];
        for (const port of cluster?.ports ?? []) keys.push(...(await redisCli(port, '--scan', '--pattern', `${prefix}*`)).split('\n').filter((key) => key !== ''));
        expect(keys.length).toBeGreaterThanOrEqual(5);
        const port = cluster?.ports[0] ?? 0;
        return new Set(await Promise.all(keys.map(async (key) => Number(await redisCli(port, 'cluster', 'keyslot', key)))));
      };
      const [a, b] = await Promise.all(prefixes.map(slotsOf));
      expect(a?.size).toBe(1);
      expect(b?.size).toBe(1);
      expect([...(a ?? [])]).not.toEqual([...(b ?? [])]);
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
  });

  it('refuses a prefix that would move the hash tag, naming the rule', () => {
    expect(() => openRedisReadModelStore(clusterUrl(), { prefix: 'firm{a}:' })).toThrow(/prefix "firm\{a\}:": must not contain \{ or \}/);
  });

  it('fails fast with StoreUnavailable, without the password, when no node answers', async () => {
    const started = Date.now();
    const store = openRedisReadModelStore('redis-cluster://:s3cret@127.0.0.1:1,127.0.0.1:2', { connectTimeoutMillis: 500 });
    try {
      const failure = store.head('clients');
      await expect(failure).rejects.toBeInstanceOf(StoreUnavailable);
      await expect(failure).rejects.toThrow(/cannot reach the cluster/);
      await expect(failure).rejects.not.toThrow(/s3cret/);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await store.close();
    }
  });

  it('CLI: every report on the cluster equals the same report on a plain Redis and in memory', async () => {
    const { freshStore } = tempStores('rapport-cluster-cli-');
    const firm = freshStore();
    fs.mkdirSync(path.dirname(firm.file), { recursive: true });
    const applied = await runCli(['apply', path.join(REPO_ROOT, 'examples/sample-firm.jsonl'), '--store', firm.url, '--format', 'json']);
    expect(applied.code, applied.stderr).toBe(0);
    // A report of each kind of read: whole projections (lifecycle, attrition, winback) and one
    // client's documents by key (history). Each CLI run costs seconds of start-up, so few of them.
    const reports = [
      ['report', 'lifecycle', '--as-of', '2025-06-30'],
      ['report', 'attrition', '--period', '2024'],
      ['report', 'winback', '--as-of', '2025-06-30', '--all'],
      ['history', 'c-002', '--as-of', '2025-06-30'],
    ];
    const answers = async (readModels: string, which = reports): Promise<string[]> => {
      const out: string[] = [];
      // In turn: the first report builds the read models, the rest read them (and catch up on nothing).
      for (const args of which) {
        const result = await runCli([...args, '--store', firm.url, '--read-models', readModels, '--format', 'json']);
        expect(result.code, `${args.join(' ')} on ${readModels}: ${result.stderr}`).toBe(0);
        out.push(result.stdout);
      }
      return out;
    };
    const [onCluster, onPlain, inMemory] = await Promise.all([answers(clusterUrl()), answers(plain?.url ?? 'redis://plain-did-not-start:1'), answers('memory:')]);
    expect(onCluster).toEqual(onPlain);
    expect(onCluster).toEqual(inMemory);
    expect(JSON.parse(onCluster[0] ?? '{}')).toMatchObject({ asOf: expect.any(String), counts: expect.any(Object) });
    // A second run reads what the first ones left on the cluster.
    expect(await answers(clusterUrl(), reports.slice(0, 1))).toEqual(onCluster.slice(0, 1));
  }, 90_000);

  it('CLI: a malformed redis-cluster:// URL is a usage error naming the node', async () => {
    const result = await runCli(['report', 'lifecycle', '--read-models', 'redis-cluster://127.0.0.1:7000,nohost', '--store', 'memory:']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--read-models: redis-cluster:\/\/ node "nohost" is not HOST:PORT/);
  });

  it('goes on reading while the slot of its keys is being moved, answering once the move is over (TRYAGAIN)', async () => {
    const prefix = `${uniqueName('reshard')}:`;
    const store = openRedisReadModelStore(clusterUrl(), { prefix });
    const ports = cluster?.ports ?? [];
    try {
      const g = await store.beginGeneration('clients', 1);
      await store.applyBatch('clients', g, [{ collection: 'clients', key: 'c-1', doc: { n: 1 } }], { from: null, to: sequencePosition(1) });
      await store.activate('clients', g);
      const keys = (await Promise.all(ports.map((port) => redisCli(port, '--scan', '--pattern', `${prefix}*`)))).flatMap((out) => out.split('\n').filter((key) => key !== ''));
      const slot = (await redisCli(ports[0] ?? 0, 'cluster', 'keyslot', keys[0] ?? '')).trim();
      const counts = await Promise.all(ports.map(async (port) => Number(await redisCli(port, 'cluster', 'countkeysinslot', slot))));
      const source = ports[counts.findIndex((n) => n > 0)] ?? 0;
      const target = ports.find((port) => port !== source) ?? 0;
      const [sourceId, targetId] = await Promise.all([source, target].map(async (port) => (await redisCli(port, 'cluster', 'myid')).trim()));
      await redisCli(target, 'cluster', 'setslot', slot, 'importing', sourceId ?? '');
      await redisCli(source, 'cluster', 'setslot', slot, 'migrating', targetId ?? '');
      // The documents moved, the generation's own key not yet: a read of both at once is TRYAGAIN.
      const documents = keys.filter((key) => key.endsWith(':c:clients'));
      expect(documents).toHaveLength(1);
      await redisCli(source, 'migrate', '127.0.0.1', String(target), '', '0', '5000', 'KEYS', ...documents);
      const reading = store.get('clients', g, 'clients', ['c-1']);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const rest = keys.filter((key) => !documents.includes(key));
      await redisCli(source, 'migrate', '127.0.0.1', String(target), '', '0', '5000', 'KEYS', ...rest);
      for (const port of ports) await redisCli(port, 'cluster', 'setslot', slot, 'node', targetId ?? '');
      expect((await reading).get('c-1')).toEqual({ n: 1 });
    } finally {
      await store.close();
    }
  }, 30_000);
});
