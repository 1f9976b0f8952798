// The EventStoreDB event store against a real server: the shared contract, then what only a
// server-backed store must show. The server is ESDB_URL when set, else a throwaway container when a
// container runtime answers; with neither, those tests are reported as skipped, with the reason.
// Each store gets its own namespace (a stream prefix), so tests on one server never see each
// other's events and the contract's "empty store" holds. The tests that need no server (an
// endpoint that refuses or never answers, a closed store) always run.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isRight } from 'fp-ts/lib/Either.js';
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { InvalidStoreLocation, StoreUnavailable, comparePositions } from '@rapport/core';
import {
  uniqueName,
  eventStoreContract,
  events,
  newEvent,
  raceTwoWriters,
  readAllEvents,
  stored,
} from '@rapport/core/testing';
import { openEsdbEventStore, type EsdbEventStoreOptions } from '../src/event-store.js';
import { verifyChain } from '@rapport/core/store-kit';

type Server = { readonly url: string; stop(): Promise<void> } | { readonly skip: string };

const IMAGE = 'eventstore/eventstore:24.10';

/** Whether a container runtime answers within `ms`; testcontainers is only loaded to ask. */
const containerRuntime = async (ms: number): Promise<string | null> => {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    });
    try {
      await Promise.race([getContainerRuntimeClient(), timeout]);
    } finally {
      clearTimeout(timer);
    }
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
};

/** Where the server is, decided before any test is declared. */
const findServer = async (): Promise<Server> => {
  const url = process.env['ESDB_URL'];
  if (url !== undefined && url !== '') return { url, stop: async () => {} };
  const problem = await containerRuntime(5000);
  if (problem !== null) return { skip: `no ESDB_URL and no container runtime (${problem})` };
  return { url: '', stop: async () => {} };
};

const found = await findServer();
// EventStoreDB is not one of the CI services: RAPPORT_REQUIRE_SERVICES does not turn this skip
// into a failure.
if ('skip' in found) process.stderr.write(`skipping EventStoreDB tests: ${found.skip}\n`);

let url = 'url' in found ? found.url : '';
let stopContainer = async (): Promise<void> => {};

// Every append is three round trips (head, append, read-back): the contract's property runs take
// longer than the default five seconds against a real server.
vi.setConfig({ testTimeout: 60_000 });

const describeServer = 'skip' in found ? describe.skip : describe;
const serverSuiteName = 'skip' in found ? `EventStoreDB contract (skipped: ${found.skip})` : 'EventStoreDB contract';

describeServer(serverSuiteName, () => {
  beforeAll(async () => {
    if (url !== '') return;
    const { GenericContainer, Wait } = await import('testcontainers');
    const container = await new GenericContainer(IMAGE)
      .withEnvironment({ EVENTSTORE_INSECURE: 'true', EVENTSTORE_RUN_PROJECTIONS: 'None', EVENTSTORE_MEM_DB: 'true' })
      .withExposedPorts(2113)
      .withWaitStrategy(Wait.forHttp('/health/live', 2113))
      .start();
    url = `esdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`;
    stopContainer = async () => {
      await container.stop();
    };
  }, 180_000);
  afterAll(async () => {
    await stopContainer();
  }, 60_000);

  /** A store in a namespace of its own. */
  const freshStore = (options: EsdbEventStoreOptions = {}) => {
    const namespace = `${uniqueName('t')}.`;
    const store = openEsdbEventStore(url, { connectTimeoutMs: 10_000, ...options, namespace });
    return { store, namespace, cleanup: () => store.close() };
  };

  eventStoreContract('esdb', async (options) => freshStore(options));

  it('two stores (two clients) at the same revision: one wins, the other conflicts with the actual version', async () => {
    const { store: a, namespace, cleanup } = freshStore();
    const b = openEsdbEventStore(url, { namespace });
    try {
      await raceTwoWriters(a, b);
    } finally {
      await b.close();
      await cleanup();
    }
  });

  it('two stores appending with any at once: the chain never forks', async () => {
    const { store: a, namespace, cleanup } = freshStore();
    const b = openEsdbEventStore(url, { namespace });
    try {
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, w) => (w % 2 === 0 ? a : b).append({ stream: 'client-A', expected: 'any', events: [newEvent('Noted', { w })] })),
      );
      expect(results.filter(isRight)).toHaveLength(8);
      const stream = await a.readStream('client-A');
      expect(stream.map((e) => e.streamVersion)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      expect(verifyChain(stream)).toBeNull();
    } finally {
      await b.close();
      await cleanup();
    }
  });

  it("skips system events, other applications' streams and events without Rapport metadata", async () => {
    const { store, namespace, cleanup } = freshStore();
    const raw = EventStoreDBClient.connectionString(url);
    try {
      const first = stored(await store.append({ stream: 'client-A', expected: 'no-stream', events: events(1) }));
      await raw.appendToStream(`${namespace}orders-1`, jsonEvent({ type: 'OrderPlaced', data: { id: 1 } }));
      await raw.appendToStream(`${namespace}client-B`, jsonEvent({ type: 'Foreign', data: { id: 2 } }));
      const second = stored(await store.append({ stream: 'client-A', expected: 0, events: events(1) }));
      expect(await readAllEvents(store, { batchSize: 1 })).toEqual([...first, ...second]);
      expect(await readAllEvents(store, { after: first[0]!.position })).toEqual(second);
    } finally {
      await raw.dispose();
      await cleanup();
    }
  });

  it("returns the server's own positions, in $all order", async () => {
    const { store, cleanup } = freshStore();
    try {
      const written = stored(await store.append({ stream: 'client-A', expected: 'no-stream', events: events(3) }));
      for (let i = 1; i < written.length; i++) expect(comparePositions(written[i - 1]!.position, written[i]!.position)).toBeLessThan(0);
      expect(written[0]!.position.commit).toBeGreaterThan(0n);
      expect(await store.readStream('client-A')).toEqual(written);
    } finally {
      await cleanup();
    }
  });
});

describe('EventStoreDB event store without a server', () => {
  it('throws StoreUnavailable quickly, naming the endpoint without the password, when nothing listens', async () => {
    const store = openEsdbEventStore('esdb://admin:s3cret@127.0.0.1:1?tls=false', { connectTimeoutMs: 2000 });
    const started = Date.now();
    try {
      const failure = store.readStream('client-A');
      await expect(failure).rejects.toBeInstanceOf(StoreUnavailable);
      await expect(failure).rejects.toThrow('esdb://admin:***@127.0.0.1:1');
      await expect(failure).rejects.not.toThrow(/s3cret/);
      await expect(store.append({ stream: 'client-A', expected: 'any', events: events(1) })).rejects.toBeInstanceOf(StoreUnavailable);
      await expect(readAllEvents(store)).rejects.toBeInstanceOf(StoreUnavailable);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await store.close();
    }
  });

  it('gives up within the connect deadline on a server that accepts and never answers', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    const store = openEsdbEventStore(`esdb://127.0.0.1:${port}?tls=false`, { connectTimeoutMs: 1000 });
    const started = Date.now();
    try {
      await expect(store.append({ stream: 'client-A', expected: 'no-stream', events: events(1) })).rejects.toThrow(/no answer within 1000 ms/);
      expect(Date.now() - started).toBeLessThan(4000);
    } finally {
      await store.close();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('throws InvalidStoreLocation (a usage error, not an outage) for a connection string the driver cannot read', () => {
    expect(() => openEsdbEventStore('esdb://')).toThrow(InvalidStoreLocation);
  });

  it('refuses work after close with StoreUnavailable, before reaching for the server', async () => {
    const store = openEsdbEventStore('esdb://127.0.0.1:1?tls=false');
    await store.close();
    await expect(store.append({ stream: 'client-A', expected: 'any', events: events(1) })).rejects.toBeInstanceOf(StoreUnavailable);
    await expect(store.readStream('client-A')).rejects.toBeInstanceOf(StoreUnavailable);
    await expect(readAllEvents(store)).rejects.toBeInstanceOf(StoreUnavailable);
  });

  it('refuses a stream that is not a Rapport stream, which readAll could never return', async () => {
    const store = openEsdbEventStore('esdb://127.0.0.1:1?tls=false');
    try {
      await expect(store.append({ stream: 'orders-1', expected: 'any', events: events(1) })).rejects.toBeInstanceOf(RangeError);
    } finally {
      await store.close();
    }
  });
});
