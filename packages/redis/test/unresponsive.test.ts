// The Redis read-model store where the URL or the server is wrong (issue 8.4): a database number
// the server does not have is refused before any command runs (ioredis alone would carry on in
// database 0, reading and writing another firm's keys), and a server that accepts connections but
// never answers fails each step within the command time-out instead of hanging it.
import net from 'node:net';
import { afterAll, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { InvalidStoreLocation, StoreUnavailable, createMemoryEventStore, createRapport } from '@rapport/core';
import { describeWithService, serviceUrl, uniqueName } from '@rapport/core/testing';
import { openRedisReadModelStore } from '../src/read-models.js';

const suite = await describeWithService('redis');

const withDatabase = (url: string, database: number): string => {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
};

suite('redis read-model store, wrong database', () => {
  const admin = new Redis(serviceUrl('redis'), { maxRetriesPerRequest: 1 });
  afterAll(async () => {
    await admin.quit();
  });

  it('refuses a database the server does not have, naming it, and writes nothing anywhere', async () => {
    const reply = (await admin.config('GET', 'databases')) as string[];
    const databases = Number(reply[1]);
    const prefix = `${uniqueName('rapport_test')}:`;
    const store = openRedisReadModelStore(withDatabase(serviceUrl('redis'), databases), { prefix });
    try {
      const refused = store.beginGeneration('clients', 1);
      await expect(refused).rejects.toBeInstanceOf(InvalidStoreLocation);
      await expect(refused).rejects.toThrow(`the server has no database ${databases} (it has databases 0 to ${databases - 1})`);
      // Asked again (a later step), the answer is the same: never a quiet fall-back.
      await expect(store.beginGeneration('clients', 1)).rejects.toBeInstanceOf(InvalidStoreLocation);
    } finally {
      await store.close();
    }
    // Database 0, where ioredis would have carried on, holds none of the store's keys.
    expect(await admin.keys(`${prefix}*`)).toEqual([]);
  });

  it('uses the database the URL names', async () => {
    const prefix = `${uniqueName('rapport_test')}:`;
    const store = openRedisReadModelStore(withDatabase(serviceUrl('redis'), 3), { prefix });
    const probe = new Redis(withDatabase(serviceUrl('redis'), 3), { maxRetriesPerRequest: 1 });
    try {
      await store.beginGeneration('clients', 1);
      const keys = await probe.keys(`${prefix}*`);
      expect(keys.length).toBeGreaterThan(0);
      expect(await admin.keys(`${prefix}*`)).toEqual([]);
      await probe.del(...keys);
    } finally {
      await store.close();
      await probe.quit();
    }
  });
});

/** A server on 127.0.0.1 that accepts connections and never answers. */
const silentServer = async () => {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    socket.on('error', () => undefined);
    sockets.add(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return {
    port: address.port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
};

it('a Redis that accepts connections and never answers fails a step within the command time-out', async () => {
  const silent = await silentServer();
  const store = openRedisReadModelStore(`redis://:secret@127.0.0.1:${silent.port}/2`, { prefix: 'silent:' });
  try {
    const started = performance.now();
    const failed = store.beginGeneration('clients', 1);
    await expect(failed).rejects.toBeInstanceOf(StoreUnavailable);
    await expect(failed).rejects.toThrow(`127.0.0.1:${silent.port}`);
    await expect(failed).rejects.not.toThrow('secret');
    // The 3 s default, plus slack for a loaded machine; without a command time-out this hangs.
    expect(performance.now() - started).toBeLessThan(6000);
  } finally {
    await store.close();
    await silent.close();
  }
});

it('a report over a Redis Cluster that never answers fails once, within one wait for the cluster, not one wait per read', async () => {
  const silent = await silentServer();
  const readModelStore = openRedisReadModelStore(`redis-cluster://127.0.0.1:${silent.port}`, { prefix: 'silent:' });
  const reader = createRapport({ eventStore: createMemoryEventStore(), readModelStore, catchUp: 'never' });
  try {
    const started = performance.now();
    await expect(reader.lifecycle()).rejects.toThrow(/cannot reach the cluster within 5000 ms/);
    // Closing waits for the reads still queued: one wait of 5 s in all; each of the report's
    // three reads waited it out in turn (15 s).
    await reader.close();
    expect(performance.now() - started).toBeLessThan(9000);
  } finally {
    await reader.close();
    await silent.close();
  }
}, 20_000);
