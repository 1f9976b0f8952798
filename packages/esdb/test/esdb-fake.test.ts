// The EventStoreDB adapter's own logic (head read and hash chain, revision checks, retries for
// `any`, readAll paging, filtering and namespaces) under the shared contract, on an in-memory
// stand-in for the driver. All stores share one fake server, each in its own namespace, with
// system events and other namespaces' events around them, as on a real shared server.
import { describe, expect, it, vi } from 'vitest';
import { isRight } from 'fp-ts/lib/Either.js';
import { jsonEvent } from '@eventstore/db-client';
import { StoreUnavailable } from '@rapport/core';
import { createEsdbEventStore, type EsdbEventStoreOptions } from '../src/event-store.js';
import { verifyChain } from '@rapport/core/store-kit';
import { eventStoreContract, events, newEvent, readAllEvents, stored } from '@rapport/core/testing';
import { createFakeEsdb } from './esdb-fake.js';

const server = createFakeEsdb();
let stores = 0;

const freshStore = (options: EsdbEventStoreOptions = {}) => {
  const namespace = `fake${++stores}.`;
  const store = createEsdbEventStore(server, 'esdb://fake:2113', { ...options, namespace });
  return { store, namespace, cleanup: () => store.close() };
};

eventStoreContract('esdb (fake driver)', async (options) => freshStore(options));

describe('esdb adapter on the fake driver', () => {
  it('retries any when another process moved the stream, so the chain never forks', async () => {
    const { store: a, namespace, cleanup } = freshStore();
    const b = createEsdbEventStore(server, 'esdb://fake:2113', { namespace });
    const refusedBefore = server.refusals;
    try {
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, w) => (w % 2 === 0 ? a : b).append({ stream: 'client-A', expected: 'any', events: [newEvent('Noted', { w })] })),
      );
      expect(results.filter(isRight)).toHaveLength(10);
      // The two stores did race: the server refused some appends, and the adapter tried again.
      expect(server.refusals).toBeGreaterThan(refusedBefore);
      const stream = await a.readStream('client-A');
      expect(stream.map((e) => e.streamVersion)).toEqual(stream.map((_, i) => i));
      expect(verifyChain(stream)).toBeNull();
    } finally {
      await b.close();
      await cleanup();
    }
  });

  it('with throwOnAppendFailure=false, a lost race is a conflict (or a retry for any), never the winner\'s event read back as ours', async () => {
    const quiet = createFakeEsdb({ throwOnAppendFailure: false });
    const a = createEsdbEventStore(quiet, 'esdb://fake:2113?throwOnAppendFailure=false', { namespace: 'quiet.' });
    const b = createEsdbEventStore(quiet, 'esdb://fake:2113?throwOnAppendFailure=false', { namespace: 'quiet.' });
    try {
      stored(await a.append({ stream: 'client-A', expected: 'no-stream', events: events(1) }));
      const results = await Promise.all([a, b].map((store) => store.append({ stream: 'client-A', expected: 0, events: events(1) })));
      expect(quiet.refusals).toBe(1);
      expect(results.filter(isRight)).toHaveLength(1);
      expect(results.find((r) => !isRight(r))).toMatchObject({ left: { kind: 'StreamConflict', stream: 'client-A', expected: 0, actual: 1 } });
      const anyResults = await Promise.all([a, b].map((store) => store.append({ stream: 'client-A', expected: 'any', events: events(1) })));
      expect(anyResults.filter(isRight)).toHaveLength(2);
      const stream = await a.readStream('client-A');
      expect(stream).toHaveLength(4);
      expect(verifyChain(stream)).toBeNull();
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('reports the actual version when another process wins an exact revision between head read and append', async () => {
    const { store: a, namespace, cleanup } = freshStore();
    const b = createEsdbEventStore(server, 'esdb://fake:2113', { namespace });
    try {
      stored(await a.append({ stream: 'client-A', expected: 'no-stream', events: events(1) }));
      const refusedBefore = server.refusals;
      const results = await Promise.all([a, b].map((store) => store.append({ stream: 'client-A', expected: 0, events: events(2) })));
      expect(server.refusals).toBe(refusedBefore + 1);
      expect(results.filter(isRight)).toHaveLength(1);
      expect(results.find((r) => !isRight(r))).toMatchObject({ left: { kind: 'StreamConflict', stream: 'client-A', expected: 0, actual: 2 } });
    } finally {
      await b.close();
      await cleanup();
    }
  });

  it('stores data as JSON and the whole envelope metadata as JSON metadata', async () => {
    const { store, namespace, cleanup } = freshStore();
    try {
      const [written] = stored(await store.append({ stream: 'client-A', expected: 'no-stream', events: [newEvent('Noted', { b: 1, a: 2 })] }));
      const record = server.records.find((r) => r.streamId === `${namespace}client-A`)!;
      expect(record).toMatchObject({ type: 'Noted', isJson: true, revision: 0n, data: { a: 2, b: 1 }, position: written!.position });
      expect(record.metadata).toEqual(written!.metadata);
    } finally {
      await cleanup();
    }
  });

  it("skips other applications' streams and events without Rapport metadata, and yields full batches around them", async () => {
    const { store, namespace, cleanup } = freshStore();
    try {
      const first = stored(await store.append({ stream: 'client-A', expected: 'no-stream', events: events(2) }));
      await server.appendToStream(`${namespace}orders-1`, [jsonEvent({ type: 'OrderPlaced', data: { id: 1 } })], {});
      await server.appendToStream(`${namespace}client-B`, [jsonEvent({ type: 'Foreign', data: { id: 2 } })], {});
      const second = stored(await store.append({ stream: 'client-A', expected: 1, events: events(3) }));
      const batches: number[] = [];
      for await (const batch of store.readAll({ batchSize: 2 })) batches.push(batch.length);
      expect(batches).toEqual([2, 2, 1]);
      expect(await readAllEvents(store, { after: first[1]!.position, batchSize: 1 })).toEqual(second);
      expect(await store.readStream('client-B')).toEqual([]);
    } finally {
      await cleanup();
    }
  });

  it('refuses to extend a stream whose last event Rapport did not write', async () => {
    const { store, namespace, cleanup } = freshStore();
    try {
      await server.appendToStream(`${namespace}client-F`, [jsonEvent({ type: 'Foreign', data: {} })], {});
      // Damage to the log (the CLI's integrity failure), not an internal error.
      await expect(store.append({ stream: 'client-F', expected: 'any', events: events(1) })).rejects.toMatchObject({ name: 'DamagedStoredEvent', stream: 'client-F', streamVersion: 0, message: expect.stringMatching(/not written by Rapport/) });
    } finally {
      await cleanup();
    }
  });

  it('reads a stream longer than one request in pages', async () => {
    const { store, cleanup } = freshStore();
    try {
      const written = stored(await store.append({ stream: 'client-A', expected: 'no-stream', events: events(4100) }));
      const read = await store.readStream('client-A');
      expect(read).toHaveLength(4100);
      expect(read.at(-1)).toEqual(written.at(-1));
      expect(verifyChain(read)).toBeNull();
    } finally {
      await cleanup();
    }
  });

  it('disposes the client on close, once', async () => {
    const { store } = freshStore();
    const before = server.disposals;
    await store.close();
    await store.close();
    expect(server.disposals).toBe(before + 1);
    await expect(store.readStream('client-A')).rejects.toBeInstanceOf(StoreUnavailable);
  });
});

describe('esdb live wake-up (subscribeToAll) on the fake driver', () => {
  const wait = (ms: number) => ({ timeoutMs: ms });

  it('subscribes from the checkpoint with a server-side stream filter, and wakes on a new event', async () => {
    const { store, namespace, cleanup } = freshStore();
    try {
      const [first] = stored(await store.append({ stream: 'client-A', expected: 'no-stream', events: events(1) }));
      const before = server.subscriptions.length;
      // Nothing after the checkpoint: the wait times out.
      expect(await store.waitForAppends!(first!.position, wait(50))).toBe(false);
      expect(server.subscriptions.length).toBe(before + 1);
      const options = server.subscriptions.at(-1)!;
      expect(options.fromPosition).toEqual({ commit: first!.position.commit, prepare: first!.position.prepare });
      expect(options.filter).toMatchObject({ filterOn: 'streamName', prefixes: [`${namespace}client-`, `${namespace}salesperson-`, `${namespace}firm`] });

      // Another namespace's event passes no filter of ours: no wake-up.
      const other = freshStore();
      const waiting = store.waitForAppends!(first!.position, wait(10_000));
      stored(await other.store.append({ stream: 'client-A', expected: 'no-stream', events: events(1) }));
      stored(await store.append({ stream: 'client-B', expected: 'no-stream', events: events(1) }));
      const started = Date.now();
      expect(await waiting).toBe(true);
      expect(Date.now() - started).toBeLessThan(5000);
      await other.cleanup();
      // The one subscription stays open between waits.
      expect(server.subscriptions.length).toBe(before + 1);
    } finally {
      await cleanup();
    }
    // Closing the store ends its subscription.
    await vi.waitFor(() => expect(server.liveSubscriptions).toBe(0));
  });

  it('after a dropped subscription, wakes the waiter and subscribes again from the checkpoint it is given', async () => {
    const { store, cleanup } = freshStore();
    try {
      const written = stored(await store.append({ stream: 'client-A', expected: 'no-stream', events: events(2) }));
      const checkpoint = written[1]!.position;
      const waiting = store.waitForAppends!(checkpoint, wait(10_000));
      const before = server.subscriptions.length;
      server.dropSubscriptions(new Error('connection reset'));
      expect(await waiting).toBe(true);
      // Events appended while no subscription runs are still found: the next wait resubscribes
      // from the checkpoint and hears of them.
      const [missed] = stored(await store.append({ stream: 'client-A', expected: 1, events: events(1) }));
      expect(await store.waitForAppends!(checkpoint, wait(10_000))).toBe(true);
      expect(server.subscriptions.length).toBe(before + 1);
      expect(server.subscriptions.at(-1)!.fromPosition).toEqual({ commit: checkpoint.commit, prepare: checkpoint.prepare });
      // Caught up past them, the wait is a wait again, and a later append ends it.
      expect(await store.waitForAppends!(missed!.position, wait(50))).toBe(false);
      const again = store.waitForAppends!(missed!.position, wait(10_000));
      stored(await store.append({ stream: 'client-A', expected: 2, events: events(1) }));
      expect(await again).toBe(true);
    } finally {
      await cleanup();
    }
  });
});

describe('EventStoreDB store (fake driver): the firm stream', () => {
  it('appends ConfigureFirm to the `firm` stream and reads it back in readAll (SPEC §2)', async () => {
    const { createRapport, createMemoryReadModelStore } = await import('@rapport/core');
    const rapport = createRapport({ eventStore: freshStore().store, readModelStore: createMemoryReadModelStore() });
    const result = await rapport.execute({ type: 'ConfigureFirm', timeZone: 'Asia/Shanghai' });
    expect(result.status).toBe('applied');
    expect(await rapport.firmSettings()).toEqual({ timeZone: 'Asia/Shanghai', keyAccountThreshold: null });
  });
});
