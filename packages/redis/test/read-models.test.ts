// The Redis read-model store against a real server: the shared contract, then what only a
// server-backed store must show. Each store gets its own key prefix, whose keys are deleted
// afterwards (never FLUSHALL: the server may be shared).
import { afterAll, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { StoreUnavailable, sequencePosition, CheckpointConflict } from '@rapport/core';
import { describeWithService, serviceUrl, uniqueName, readModelStoreContract, snapshot } from '@rapport/core/testing';
import { openRedisReadModelStore } from '../src/read-models.js';

const suite = await describeWithService('redis');
const url = serviceUrl('redis');

let admin: Redis | undefined;
const adminClient = (): Redis => (admin ??= new Redis(url, { maxRetriesPerRequest: 1 }));
afterAll(async () => {
  await admin?.quit();
});

/** Every key under `prefix`, found with SCAN (the prefix holds no glob characters). */
const keysUnder = async (prefix: string): Promise<string[]> => {
  const found: string[] = [];
  for await (const keys of adminClient().scanStream({ match: `${prefix}*`, count: 500 })) found.push(...(keys as string[]));
  return found;
};

const deleteKeys = async (prefix: string): Promise<void> => {
  const keys = await keysUnder(prefix);
  if (keys.length > 0) await adminClient().del(...keys);
};

const freshStore = () => {
  const prefix = `${uniqueName('rapport_test')}:`;
  const store = openRedisReadModelStore(url, { prefix });
  return { store, prefix, cleanup: async () => { await store.close(); await deleteKeys(prefix); } };
};

const at = sequencePosition;
const doc = (collection: string, key: string, value: unknown) => ({ collection, key, doc: value });

suite('redis read-model store', () => {
  readModelStoreContract('redis', async () => freshStore());

  it('writes a whole generation in one batch however many documents it holds (a rebuild of a big firm), and reads them back by key', async () => {
    const { store, cleanup } = freshStore();
    try {
      const generation = await store.beginGeneration('big', 1);
      const changes = Array.from({ length: 150_000 }, (_, i) => doc('clients', `c-${String(i).padStart(6, '0')}`, { n: i }));
      expect(await store.applyBatch('big', generation, changes, { from: null, to: at(1) })).toBe('applied');
      await store.activate('big', generation);
      const keys = Array.from({ length: 12_000 }, (_, i) => `c-${String(i * 12).padStart(6, '0')}`);
      const found = await store.get('big', generation, 'clients', keys);
      expect(found.size).toBe(12_000);
      expect(found.get('c-143988')).toEqual({ n: 143_988 });
      const page = await store.scan('big', generation, 'clients', { limit: 3 });
      expect(page.map((d) => d.key)).toEqual(['c-000000', 'c-000001', 'c-000002']);
    } finally {
      await cleanup();
    }
  }, 60_000);

  it('keeps everything under its prefix, and activate removes the old generation\'s keys', async () => {
    const { store, prefix, cleanup } = freshStore();
    try {
      const old = await store.beginGeneration('counts:x', 1);
      await store.activate('counts:x', old);
      await store.applyBatch('counts:x', old, [doc('a:b', 'k', 1), doc('c', 'k', 2)], { from: null, to: at(1) });
      const fresh = await store.beginGeneration('counts:x', 2);
      await store.applyBatch('counts:x', fresh, [doc('c', 'k', 3)], { from: null, to: at(1) });
      await store.activate('counts:x', fresh);
      const keys = (await keysUnder(prefix)).sort();
      expect(keys.every((k) => k.startsWith(prefix))).toBe(true);
      expect(keys.filter((k) => k.includes(`:g:${old}`))).toEqual([]);
      expect(keys).toEqual(
        [`g:${fresh}`, `g:${fresh}:c:c`, `g:${fresh}:collections`, `g:${fresh}:k:c`, 'generations', 'last', 'live'].map((k) => `${prefix}{${prefix}counts%3Ax}:${k}`).sort(),
      );
    } finally {
      await cleanup();
    }
  });

  it('refuses to read a written collection whose keys were deleted behind its back, rather than answer it as empty', async () => {
    const { store, prefix, cleanup } = freshStore();
    const key = (rest: string) => `${prefix}{${prefix}lost}:${rest}`;
    try {
      const generation = await store.beginGeneration('lost', 1);
      await store.applyBatch('lost', generation, [doc('clients', 'c1', { n: 1 }), doc('contacts', 'k1', { n: 2 }), doc('plans', 'p1', { n: 3 })], { from: null, to: at(1) });
      await store.activate('lost', generation);
      // A collection the generation never wrote is simply empty.
      expect(await store.scan('lost', generation, 'complaints', { limit: 10 })).toEqual([]);
      expect((await store.get('lost', generation, 'complaints', ['x'])).size).toBe(0);

      await adminClient().del(key(`g:${generation}:c:clients`), key(`g:${generation}:k:clients`));
      await expect(store.scan('lost', generation, 'clients', { limit: 10 })).rejects.toThrow(StoreUnavailable);
      await expect(store.scan('lost', generation, 'clients', { limit: 10 })).rejects.toThrow(/read model lost \(generation \d+\) has lost its clients documents.*rapport rebuild/);
      await expect(store.get('lost', generation, 'clients', ['c1'])).rejects.toThrow(StoreUnavailable);

      // The key index alone: a scan would page through nothing.
      await adminClient().del(key(`g:${generation}:k:contacts`));
      await expect(store.scan('lost', generation, 'contacts', { limit: 10 })).rejects.toThrow(/lost its contacts key index/);

      // Without the collections set too, the meta still says what was written, and an activation
      // that drops this generation still finds every key it left.
      await adminClient().del(key(`g:${generation}:collections`), key(`g:${generation}:c:plans`));
      await expect(store.scan('lost', generation, 'plans', { limit: 10 })).rejects.toThrow(/lost its plans documents/);
      const fresh = await store.beginGeneration('lost', 1);
      await store.activate('lost', fresh);
      expect((await keysUnder(prefix)).filter((k) => k.includes(`:g:${generation}`))).toEqual([]);
    } finally {
      await cleanup();
    }
  });

  it('two stores (two connections) applying the same move: one applies, the other skips', async () => {
    const { store: a, prefix, cleanup } = freshStore();
    const b = openRedisReadModelStore(url, { prefix });
    try {
      const g = await a.beginGeneration('counts', 1);
      await a.activate('counts', g);
      for (let n = 0; n < 20; n++) {
        const move = { from: n === 0 ? null : at(n), to: at(n + 1) };
        const outcomes = await Promise.all([a, b].map((s, w) => s.applyBatch('counts', g, [doc('streams', `k${n}`, { w })], move)));
        expect(outcomes.sort()).toEqual(['applied', 'skipped']);
      }
      const live = await snapshot(b, 'counts');
      expect(live?.checkpoint).toEqual(at(20));
      expect(live?.documents).toHaveLength(20);
      // A writer whose idea of the checkpoint is behind is refused.
      await expect(b.applyBatch('counts', g, [], { from: at(3), to: at(30) })).rejects.toBeInstanceOf(CheckpointConflict);
    } finally {
      await b.close();
      await cleanup();
    }
  });

  it('many concurrent batches from two stores: each move applied exactly once, in order', async () => {
    const { store: a, prefix, cleanup } = freshStore();
    const b = openRedisReadModelStore(url, { prefix });
    try {
      const g = await a.beginGeneration('counts', 1);
      await a.activate('counts', g);
      // Writers race through the same moves; a conflict means "someone is ahead", as a runner sees it.
      const writer = async (store: typeof a, w: number) => {
        let applied = 0;
        for (let n = 0; n < 30; n++) {
          try {
            const outcome = await store.applyBatch('counts', g, [doc('moves', String(n), { w })], { from: n === 0 ? null : at(n), to: at(n + 1) });
            if (outcome === 'applied') applied++;
          } catch (error) {
            if (!(error instanceof CheckpointConflict)) throw error;
          }
        }
        return applied;
      };
      const applied = await Promise.all([writer(a, 0), writer(b, 1), writer(a, 2), writer(b, 3)]);
      const live = await snapshot(a, 'counts', ['moves']);
      expect(live?.checkpoint).toEqual(at(30));
      expect(live?.documents).toHaveLength(30);
      expect(applied.reduce((x, y) => x + y, 0)).toBe(30);
    } finally {
      await b.close();
      await cleanup();
    }
  });

  it('fails fast with StoreUnavailable, without the password, when Redis is not there', async () => {
    const started = Date.now();
    const store = openRedisReadModelStore('redis://:s3cret@127.0.0.1:1');
    try {
      const failure = store.head('counts');
      await expect(failure).rejects.toBeInstanceOf(StoreUnavailable);
      await expect(failure).rejects.not.toThrow(/s3cret/);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await store.close();
    }
  });
});
