// A redis-server of the test's own that stops answering (SIGSTOP) with its connections open: the
// read-model store fails the step under way within its command time-out, and closing it afterwards
// does not wait out a second one for QUIT, so a command reports exit 3 in a few seconds.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { StoreUnavailable } from '@rapport/core';
import { describeWithService } from '@rapport/core/testing';
import { openRedisReadModelStore } from '@rapport/redis';
import { tempStores } from '../cli/support/temp-stores.js';
import { privateRedis, type PrivateRedis } from './support/processes.js';

const suite = await describeWithService('redis');

suite('a Redis read-model server that stops answering', () => {
  const temp = tempStores('rapport-faults-redis-silent-');
  let redis: PrivateRedis;
  beforeAll(async () => {
    redis = await privateRedis(temp.root);
  });
  afterAll(async () => {
    redis.resume();
    await redis.stop();
  });

  it('fails the step under way, and close() then drops the connection instead of waiting for QUIT', async () => {
    const store = openRedisReadModelStore(redis.url, { prefix: 'silent:' });
    await store.beginGeneration('clients', 1);
    redis.pause();
    try {
      await expect(store.beginGeneration('salespeople', 1)).rejects.toBeInstanceOf(StoreUnavailable);
      const started = performance.now();
      await store.close();
      // QUIT would wait for the 3 s command time-out; close gives it half a second.
      expect(performance.now() - started).toBeLessThan(2000);
    } finally {
      redis.resume();
    }
  });
});
