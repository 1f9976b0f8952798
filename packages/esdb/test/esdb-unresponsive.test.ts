// The EventStoreDB adapter against servers that do not serve (issue 8.4), with the real driver: a
// listener that accepts TCP and never answers, and one that hangs up at once. The driver's own
// deadline does not cover connecting, so without the adapter's timer every call would hang.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreUnavailable, type EventStore } from '@rapport/core';
import { newEvent } from '@rapport/core/testing';
import { openEsdbEventStore } from '../src/event-store.js';

const servers: net.Server[] = [];
const sockets = new Set<net.Socket>();
const ports: Record<'silent' | 'closing', number> = { silent: 0, closing: 0 };

beforeAll(async () => {
  for (const behaviour of ['silent', 'closing'] as const) {
    const server = net.createServer((socket) => {
      socket.on('error', () => undefined);
      if (behaviour === 'closing') socket.destroy();
      else sockets.add(socket);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no TCP address');
    ports[behaviour] = address.port;
    servers.push(server);
  }
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
});

/** The failure of `work`, and how long it took to come. */
const failureOf = async (work: () => Promise<unknown>): Promise<{ error: unknown; ms: number }> => {
  const started = performance.now();
  try {
    await work();
  } catch (error) {
    return { error, ms: performance.now() - started };
  }
  throw new Error('expected the call to fail');
};

const drain = async (store: EventStore): Promise<void> => {
  for await (const batch of store.readAll()) void batch;
};

describe.each(['silent', 'closing'] as const)('esdb adapter, %s server', (behaviour) => {
  it('fails each call as StoreUnavailable naming the endpoint within its connect deadline, and closes at once', async () => {
    const store = openEsdbEventStore(`esdb://admin:secret@127.0.0.1:${ports[behaviour]}?tls=false`, { connectTimeoutMs: 800 });
    const calls = [
      () => drain(store),
      () => store.readStream('client-C1'),
      () => store.append({ stream: 'client-C1', expected: 'no-stream', events: [newEvent('ClientRegistered')] }),
    ];
    for (const call of calls) {
      const { error, ms } = await failureOf(call);
      expect(error).toBeInstanceOf(StoreUnavailable);
      expect(String(error)).toContain(`127.0.0.1:${ports[behaviour]}`);
      expect(String(error)).not.toContain('secret');
      // The deadline plus slack for a loaded machine; without the adapter's timer this hangs.
      expect(ms).toBeLessThan(800 + 2000);
    }
    const closing = performance.now();
    await store.close();
    expect(performance.now() - closing).toBeLessThan(2000);
  });
});
