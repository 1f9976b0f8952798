// A PostgreSQL server that stops answering after the connection is made (issue 8.4): the store
// reaches the real server through a TCP relay the test can freeze, so every byte is still accepted
// but none comes back. Each statement then fails within the query time-out as StoreUnavailable,
// instead of waiting for ever, and close() does not wait for the frozen server either.
import net from 'node:net';
import { afterAll, expect, it } from 'vitest';
import pg from 'pg';
import { StoreUnavailable } from '@rapport/core';
import { describeWithService, serviceUrl, uniqueName } from '@rapport/core/testing';
import { openPostgresEventStore } from '../src/event-store.js';

const suite = await describeWithService('postgres');

/** A relay to `target` that forwards both ways until frozen; frozen, it swallows what it receives. */
const relay = async (target: URL) => {
  let frozen = false;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
    }
    client.on('data', (chunk) => {
      if (!frozen) upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (!frozen) client.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return {
    port: address.port,
    freeze: () => {
      frozen = true;
    },
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(resolve));
    },
  };
};

suite('postgres event store, a server that stops answering', () => {
  const schema = uniqueName('rapport_test');
  afterAll(async () => {
    const admin = new pg.Client({ connectionString: serviceUrl('postgres') });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  });

  it('fails each statement within the query time-out, and closes without waiting', async () => {
    const target = new URL(serviceUrl('postgres'));
    const proxy = await relay(target);
    const through = new URL(target.toString());
    through.host = `127.0.0.1:${proxy.port}`;
    const store = await openPostgresEventStore(through.toString(), { schema, queryTimeoutMillis: 700, connectionTimeoutMillis: 700, poolSize: 1 });
    try {
      expect(await store.readStream('client-C1')).toEqual([]);
      proxy.freeze();
      const started = performance.now();
      const failed = store.readStream('client-C1');
      await expect(failed).rejects.toBeInstanceOf(StoreUnavailable);
      await expect(failed).rejects.toThrow(/no answer from the server in time \(query time-out\): .*a lock another session holds/);
      // The time-out plus slack for a loaded machine; without query_timeout this never settles.
      expect(performance.now() - started).toBeLessThan(700 + 2000);
      // The timed-out connection was dropped: the next one cannot be made through the frozen relay.
      await expect(store.readStream('client-C2')).rejects.toBeInstanceOf(StoreUnavailable);
    } finally {
      const closing = performance.now();
      await store.close();
      expect(performance.now() - closing).toBeLessThan(2000);
      await proxy.close();
    }
  });
});
