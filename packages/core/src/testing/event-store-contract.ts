// The behaviour every EventStore adapter owes the rest of Rapport, run against each of them. It
// assumes only what SPEC §1 promises of positions: they grow with append order (gaps allowed).
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { GENESIS_HASH, comparePositions, type NewEvent, type RecordedEvent } from '../domain/envelope.js';
import { StoreUnavailable, type AppendRequest, type EventStore } from '../ports/event-store.js';
import { verifyChain } from '../integrity/hash.js';
import { appendBatchContract, propertyContract } from './event-store-batch-contract.js';
import {
  T0,
  conflict,
  events,
  newEvent,
  readAllEvents,
  steppingClock,
  stored,
  withStore,
  type ContractStoreOptions,
  type EventStoreFactory,
} from './event-store-fixtures.js';

export type { EventStoreFactory } from './event-store-fixtures.js';

export const eventStoreContract = (name: string, factory: EventStoreFactory): void => {
  const given = (body: (store: EventStore) => Promise<void>, options?: ContractStoreOptions) => withStore(factory, body, options);
  const append = (store: EventStore, stream: string, expected: AppendRequest['expected'], list: readonly NewEvent[]) =>
    store.append({ stream, expected, events: list });

  describe(`${name}: expected revisions`, () => {
    it('no-stream creates a stream from version 0', given(async (store) => {
      const written = stored(await append(store, 'client-A', 'no-stream', events(2)));
      expect(written.map((e) => e.streamVersion)).toEqual([0, 1]);
    }));

    it('no-stream on an existing stream conflicts with its last version and writes nothing', given(async (store) => {
      stored(await append(store, 'client-A', 'no-stream', events(2)));
      expect(conflict(await append(store, 'client-A', 'no-stream', events(1)))).toEqual({
        kind: 'StreamConflict', stream: 'client-A', expected: 'no-stream', actual: 1,
      });
      expect(await store.readStream('client-A')).toHaveLength(2);
    }));

    it('an exact revision appends when it is the last version', given(async (store) => {
      stored(await append(store, 'client-A', 'no-stream', events(1)));
      const written = stored(await append(store, 'client-A', 0, events(2)));
      expect(written.map((e) => e.streamVersion)).toEqual([1, 2]);
    }));

    it.each([
      ['behind', 0, 1],
      ['ahead', 5, 1],
    ])('an exact revision %s of the stream conflicts', (_label, expected, actual) => given(async (store) => {
      stored(await append(store, 'client-A', 'no-stream', events(2)));
      expect(conflict(await append(store, 'client-A', expected, events(1)))).toEqual({
        kind: 'StreamConflict', stream: 'client-A', expected, actual,
      });
      expect(await store.readStream('client-A')).toHaveLength(2);
    })());

    it('an exact revision on a missing stream conflicts with no-stream', given(async (store) => {
      expect(conflict(await append(store, 'client-A', 0, events(1)))).toEqual({
        kind: 'StreamConflict', stream: 'client-A', expected: 0, actual: 'no-stream',
      });
      expect(await store.readStream('client-A')).toEqual([]);
    }));

    it('any appends to a missing and to an existing stream', given(async (store) => {
      stored(await append(store, 'client-A', 'any', events(1)));
      const written = stored(await append(store, 'client-A', 'any', events(1)));
      expect(written[0]!.streamVersion).toBe(1);
    }));

    it('streamVersion runs from 0 without gaps across appends and streams', given(async (store) => {
      for (const [stream, n] of [['client-A', 2], ['client-B', 1], ['client-A', 3], ['client-B', 2]] as const) {
        stored(await append(store, stream, 'any', events(n)));
      }
      expect((await store.readStream('client-A')).map((e) => e.streamVersion)).toEqual([0, 1, 2, 3, 4]);
      expect((await store.readStream('client-B')).map((e) => e.streamVersion)).toEqual([0, 1, 2]);
    }));

    it('an unknown stream reads as empty', given(async (store) => {
      stored(await append(store, 'client-A', 'no-stream', events(1)));
      expect(await store.readStream('client-unknown')).toEqual([]);
    }));

    it('concurrent appends at the same expected revision: one wins, the others conflict, nothing is lost or doubled', given(async (store) => {
      stored(await append(store, 'client-A', 'no-stream', events(1)));
      const results = await Promise.all(Array.from({ length: 6 }, (_, i) => append(store, 'client-A', 0, [newEvent('Raced', { writer: i })])));
      const winners = results.filter(isRight);
      expect(winners).toHaveLength(1);
      for (const loser of results.filter(isLeft)) expect(loser.left).toMatchObject({ stream: 'client-A', expected: 0, actual: 1 });
      const stream = await store.readStream('client-A');
      expect(stream.map((e) => e.streamVersion)).toEqual([0, 1]);
      expect(stream[1]!.data).toEqual(winners[0]!.right[0]!.data);
      expect(await readAllEvents(store)).toHaveLength(2);
      expect(verifyChain(stream)).toBeNull();
    }));
  });

  describe(`${name}: what is recorded`, () => {
    it('stamps recordedAt from the clock at append time', given(async (store) => {
      const first = stored(await append(store, 'client-A', 'no-stream', events(2)));
      const second = stored(await append(store, 'client-A', 1, events(1)));
      expect(first.map((e) => e.metadata.recordedAt)).toEqual(['2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z']);
      expect(second[0]!.metadata.recordedAt).toBe('2025-01-01T00:00:01.000Z');
      expect((await store.readStream('client-A')).map((e) => e.metadata.recordedAt)).toEqual([
        '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:01.000Z',
      ]);
    }, { clock: steppingClock('2025-01-01T00:00:00.000Z') }));

    it('keeps the recordedAt an import carries', given(async (store) => {
      stored(await append(store, 'client-A', 'no-stream', [newEvent('Imported', {}, '2019-06-30T23:59:59.999Z'), newEvent('Live')]));
      expect((await store.readStream('client-A')).map((e) => e.metadata.recordedAt)).toEqual([
        '2019-06-30T23:59:59.999Z', '2025-01-01T00:00:00.000Z',
      ]);
    }, { clock: steppingClock('2025-01-01T00:00:00.000Z') }));

    it('round-trips data and metadata', given(async (store) => {
      const data = { name: 'Zoë & Søn "Trading"', fee: 1250000, nested: { list: [1, 'two', null, { deep: true }] }, optional: null };
      const event: NewEvent = {
        type: 'ClientRegistered',
        data,
        metadata: { occurredAt: T0, actor: 'bob', commandId: 'cmd-1', correlationId: 'corr-1', causationId: 'cmd-0', schemaVersion: 1 },
      };
      const [written] = stored(await append(store, 'client-A', 'no-stream', [event]));
      const [read] = await store.readStream('client-A');
      expect(read).toEqual(written);
      expect(read!.data).toEqual(data);
      expect(read!.metadata).toMatchObject({ ...event.metadata, recordedAt: '2025-01-01T00:00:00.000Z' });
    }, { clock: steppingClock('2025-01-01T00:00:00.000Z') }));

    it('chains hashes as SPEC §6 describes', given(async (store) => {
      const data = { name: 'Acme', clientId: 'C-1', fee: 100 };
      const event: NewEvent = {
        type: 'ClientRegistered',
        data,
        metadata: { occurredAt: T0, recordedAt: '2024-03-01T09:30:01.000Z', actor: 'alice', commandId: 'cmd-1', correlationId: 'cmd-1', causationId: 'cmd-1', schemaVersion: 1 },
      };
      const [first, second] = stored(await append(store, 'client-C-1', 'no-stream', [event, { ...event, type: 'ClientContacted', data: {} }]));
      // Canonical JSON written out by hand: keys sorted at every level, no spaces.
      const canonical0 =
        '{"actor":"alice","causationId":"cmd-1","commandId":"cmd-1","correlationId":"cmd-1",' +
        '"data":{"clientId":"C-1","fee":100,"name":"Acme"},"occurredAt":"2024-03-01T09:30:00.000Z",' +
        '"recordedAt":"2024-03-01T09:30:01.000Z","schemaVersion":1,"stream":"client-C-1","streamVersion":0,"type":"ClientRegistered"}';
      const hash0 = createHash('sha256').update(GENESIS_HASH + canonical0, 'utf8').digest('hex');
      expect(hash0).toBe('3772097ee9adb5e6996117e0145380544aa3356af4488b0a358be7d83bf597cf');
      expect(first!.metadata.hash).toBe(hash0);
      const canonical1 = canonical0.replace('{"clientId":"C-1","fee":100,"name":"Acme"}', '{}')
        .replace('"streamVersion":0', '"streamVersion":1').replace('ClientRegistered', 'ClientContacted');
      expect(second!.metadata.hash).toBe(createHash('sha256').update(hash0 + canonical1, 'utf8').digest('hex'));
      expect(verifyChain(await store.readStream('client-C-1'))).toBeNull();
    }));

    it('returns events a caller cannot use to change the store', given(async (store) => {
      const data: Record<string, unknown> = { name: 'Acme', tags: ['a'] };
      const [written] = stored(await append(store, 'client-A', 'no-stream', [newEvent('ClientRegistered', data)]));
      data['name'] = 'changed after append';
      tryMutate(() => Object.assign(written!.data, { name: 'changed' }));
      tryMutate(() => Object.assign(written!.metadata, { actor: 'mallory' }));
      const [read] = await store.readStream('client-A');
      tryMutate(() => (read!.data['tags'] as string[]).push('b'));
      const [again] = await store.readStream('client-A');
      expect(again!.data).toEqual({ name: 'Acme', tags: ['a'] });
      expect(again!.metadata.actor).toBe('alice');
      expect(verifyChain([again!])).toBeNull();
    }));
  });

  describe(`${name}: readAll`, () => {
    it('reads every event in append order, across batch boundaries', given(async (store) => {
      const appended = [
        ...stored(await append(store, 'client-A', 'no-stream', events(3, 'A'))),
        ...stored(await append(store, 'client-B', 'no-stream', events(2, 'B'))),
        ...stored(await append(store, 'client-A', 2, events(2, 'A'))),
      ];
      const batches: RecordedEvent[][] = [];
      for await (const batch of store.readAll({ batchSize: 3 })) batches.push([...batch]);
      expect(batches.map((b) => b.length)).toEqual([3, 3, 1]);
      const all = batches.flat();
      expect(all).toEqual(appended);
      for (let i = 1; i < all.length; i++) expect(comparePositions(all[i - 1]!.position, all[i]!.position)).toBeLessThan(0);
      expect(await readAllEvents(store)).toEqual(appended);
    }));

    it('reads strictly after a position', given(async (store) => {
      const appended = stored(await append(store, 'client-A', 'no-stream', events(7)));
      expect(await readAllEvents(store, { after: appended[2]!.position, batchSize: 2 })).toEqual(appended.slice(3));
      expect(await readAllEvents(store, { after: appended[6]!.position })).toEqual([]);
    }));

    it('reads nothing from an empty store', given(async (store) => {
      expect(await readAllEvents(store)).toEqual([]);
    }));
  });

  describe(`${name}: identity`, () => {
    it('has an identity of its own, the same on every call and after writes', async () => {
      const first = await factory();
      const second = await factory();
      try {
        // Written first: a store may take the id of its first event as its identity.
        await first.store.append({ stream: 'client-A', expected: 'no-stream', events: events(1) });
        await second.store.append({ stream: 'client-A', expected: 'no-stream', events: events(1) });
        const id = await first.store.identity();
        expect(id).toMatch(/^\S+$/);
        await first.store.append({ stream: 'client-B', expected: 'no-stream', events: events(2) });
        expect(await first.store.identity()).toBe(id);
        expect(await second.store.identity()).not.toBe(id);
      } finally {
        await first.cleanup();
        await second.cleanup();
      }
    });
  });

  describe(`${name}: a follower's wake-up and the count after a checkpoint`, () => {
    it('waitForAppends: true at once when events are there, false at its timeout or abort, true soon after an append', given(async (store) => {
      if (store.waitForAppends === undefined) return;
      const written = stored(await append(store, 'client-A', 'no-stream', events(2)));
      expect(await store.waitForAppends(null, { timeoutMs: 10_000 })).toBe(true);
      expect(await store.waitForAppends(written[0]!.position, { timeoutMs: 10_000 })).toBe(true);
      const last = written[1]!.position;
      expect(await store.waitForAppends(last, { timeoutMs: 30 })).toBe(false);
      const abort = new AbortController();
      const aborted = store.waitForAppends(last, { timeoutMs: 10_000, signal: abort.signal });
      abort.abort();
      expect(await aborted).toBe(false);
      // A long timeout: only the append can end this wait in time.
      const started = Date.now();
      const waiting = store.waitForAppends(last, { timeoutMs: 20_000 });
      await new Promise((resolve) => setTimeout(resolve, 20));
      stored(await append(store, 'client-B', 'no-stream', events(1)));
      expect(await waiting).toBe(true);
      expect(Date.now() - started).toBeLessThan(5000);
    }));

    it('countAfter: the events readAll gives after a position', given(async (store) => {
      if (store.countAfter === undefined) return;
      expect(await store.countAfter(null)).toBe(0);
      const written = stored(await append(store, 'client-A', 'no-stream', events(3)));
      stored(await append(store, 'client-B', 'no-stream', events(2)));
      expect(await store.countAfter(null)).toBe(5);
      expect(await store.countAfter(written[0]!.position)).toBe(4);
      expect(await store.countAfter(written[2]!.position)).toBe(2);
    }));
  });

  describe(`${name}: closing`, () => {
    it('refuses work after close with StoreUnavailable', async () => {
      const { store, cleanup } = await factory();
      try {
        await store.close();
        await expect(store.append({ stream: 'client-A', expected: 'any', events: events(1) })).rejects.toBeInstanceOf(StoreUnavailable);
        await expect(store.readStream('client-A')).rejects.toBeInstanceOf(StoreUnavailable);
      } finally {
        await cleanup();
      }
    });
  });

  appendBatchContract(name, factory);
  propertyContract(name, factory);
};

// Frozen objects throw in strict mode, copies do not: either way the store must be untouched.
const tryMutate = (mutate: () => void): void => {
  try {
    mutate();
  } catch {
    // A frozen event refusing the change is one of the two acceptable outcomes.
  }
};
