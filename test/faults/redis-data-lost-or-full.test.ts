// A Redis read-model server that loses its data under a runner (FLUSHDB, or a restart with nothing
// saved): the runner's next batch finds its generations gone. It builds every projection again
// from the log and carries on, where it used to reload one per try and fail on the fourth with a
// CheckpointConflict stack trace, leaving some read models unbuilt. And one over its maxmemory
// is named as such, not as a transaction discarded for no reason given; one that would evict any
// key when full (maxmemory-policy allkeys-…, where a lost index read as an empty read model and
// reports answered zeros with exit 0) is refused before anything is read or written.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { InvalidStoreLocation, PROJECTIONS, StoreUnavailable, createMemoryEventStore, createProjectionRunner, createRapport } from '@rapport/core';
import { describeWithService } from '@rapport/core/testing';
import { openRedisReadModelStore } from '@rapport/redis';
import { tempStores } from '../cli/support/temp-stores.js';
import { privateRedis, type PrivateRedis } from './support/processes.js';

const suite = await describeWithService('redis');

suite('a Redis read-model server that loses its data under a runner', () => {
  const temp = tempStores('rapport-faults-redis-flushed-');
  let redis: PrivateRedis;
  beforeAll(async () => {
    redis = await privateRedis(temp.root);
  });
  afterAll(async () => {
    await redis.stop();
  });

  it('builds every projection again and carries on', async () => {
    const eventStore = createMemoryEventStore();
    const writer = createRapport({ eventStore, readModelStore: openRedisReadModelStore(redis.url, { prefix: 'writer:' }) });
    const at = (day: number) => `2024-01-${String(day).padStart(2, '0')}T09:00:00Z`;
    for (const command of [
      { type: 'RegisterSalesperson', salespersonId: 'S1', name: 'Ana', occurredAt: at(1) },
      { type: 'RegisterClient', clientId: 'C1', name: 'Acme', ownerId: 'S1', occurredAt: at(2) },
    ]) {
      expect((await writer.executeUntyped(command)).status).toBe('applied');
    }
    const readModelStore = openRedisReadModelStore(redis.url, { prefix: 'flushed:' });
    const runner = createProjectionRunner({ eventStore, readModelStore, projections: PROJECTIONS });
    await runner.catchUp();
    execFileSync('redis-cli', ['-u', redis.url, 'flushdb']);
    expect((await writer.executeUntyped({ type: 'RegisterClient', clientId: 'C2', name: 'Bolt', ownerId: 'S1', occurredAt: at(3) })).status).toBe('applied');
    await runner.catchUp();
    for (const { name } of PROJECTIONS) expect(runner.checkpoint(name)?.commit, name).toBe(3n);
    const reader = createRapport({ eventStore, readModelStore, catchUp: 'never' });
    expect((await reader.lifecycle({ asOf: at(4) })).clients.map((c) => c.clientId)).toEqual(['C1', 'C2']);
    await readModelStore.close();
    await writer.close();
  });

  it('over its maxmemory, says so: the reason the queued commands were refused, not only EXECABORT', async () => {
    const store = openRedisReadModelStore(redis.url, { prefix: 'full:' });
    await store.beginGeneration('clients', 1);
    execFileSync('redis-cli', ['-u', redis.url, 'config', 'set', 'maxmemory', '1']);
    try {
      const failure = await store.head('clients').catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(StoreUnavailable);
      expect((failure as Error).message).toMatch(/EXECABORT.*: OOM command not allowed/);
    } finally {
      execFileSync('redis-cli', ['-u', redis.url, 'config', 'set', 'maxmemory', '0']);
      await store.close();
    }
  });

  it('that evicts any key when full is refused, naming the policy; one that evicts only keys with an expiry is used', async () => {
    const policy = (value: string) => execFileSync('redis-cli', ['-u', redis.url, 'config', 'set', 'maxmemory-policy', value]);
    policy('allkeys-lru');
    const refused = openRedisReadModelStore(redis.url, { prefix: 'evicting:' });
    try {
      const failure = await refused.head('clients').catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(InvalidStoreLocation);
      expect((failure as Error).message).toMatch(/evicts keys when it is full \(maxmemory-policy allkeys-lru\).*set maxmemory-policy noeviction/);
      await expect(refused.beginGeneration('clients', 1)).rejects.toBeInstanceOf(InvalidStoreLocation);
    } finally {
      await refused.close();
    }
    policy('volatile-lru');
    const used = openRedisReadModelStore(redis.url, { prefix: 'evicting:' });
    try {
      expect(await used.head('clients')).toBeNull();
    } finally {
      policy('noeviction');
      await used.close();
    }
  });
});
