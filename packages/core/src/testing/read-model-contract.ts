// The behaviour every ReadModelStore adapter owes the projection runner, run against each of them.
import { describe, expect, it } from 'vitest';
import { StoreUnavailable } from '../ports/event-store.js';
import { sequencePosition, type LogPosition } from '../domain/envelope.js';
import { CheckpointConflict, JsonText, LeaseLost, compareKeys, streamCollection, type ReadModelStore, type StoredDocument } from '../ports/read-model-store.js';

export interface ReadModelStoreFixture {
  readonly store: ReadModelStore;
  readonly cleanup: () => Promise<void>;
}
export type ReadModelStoreFactory = () => Promise<ReadModelStoreFixture>;

const at = (n: number): LogPosition => sequencePosition(n);
const doc = (collection: string, key: string, value: unknown): StoredDocument => ({ collection, key, doc: value });

/** The live generation with the documents of `collections`, streamed, for whole-value comparison. */
export const snapshot = async (store: ReadModelStore, projection: string, collections: readonly string[] = ['streams']) => {
  const live = await store.head(projection);
  if (live === null) return null;
  const documents: StoredDocument[] = [];
  for (const collection of [...collections].sort()) {
    for await (const d of streamCollection(store, projection, live.generation, collection, { limit: 7 })) documents.push(d);
  }
  return { ...live, documents };
};

/** A projection with a live, empty generation, as a runner creates it. */
const live = async (store: ReadModelStore, projection = 'counts', version = 1): Promise<number> => {
  const generation = await store.beginGeneration(projection, version);
  await store.activate(projection, generation);
  return generation;
};

export const readModelStoreContract = (name: string, factory: ReadModelStoreFactory): void => {
  const withStore = (test: (store: ReadModelStore) => Promise<void>) => async () => {
    const { store, cleanup } = await factory();
    try {
      await test(store);
    } finally {
      await cleanup();
    }
  };

  describe(`${name} read-model store contract`, () => {
    it('has nothing for a projection never activated', withStore(async (store) => {
      expect(await store.head('counts')).toBeNull();
      await store.beginGeneration('counts', 1);
      expect(await store.head('counts')).toBeNull();
    }));

    it('writes a batch and its checkpoint together', withStore(async (store) => {
      const g = await live(store, 'counts', 3);
      expect(await snapshot(store, 'counts')).toEqual({ generation: g, version: 3, checkpoint: null, origin: null, documents: [] });
      expect(await store.applyBatch('counts', g, [doc('streams', 'a', { n: 1 }), doc('streams', 'b', { n: 2 })], { from: null, to: at(5) })).toBe('applied');
      expect(await store.applyBatch('counts', g, [doc('streams', 'a', { n: 3 })], { from: at(5), to: at(9) })).toBe('applied');
      expect(await snapshot(store, 'counts')).toEqual({
        generation: g,
        version: 3,
        checkpoint: at(9),
        origin: null,
        documents: [doc('streams', 'a', { n: 3 }), doc('streams', 'b', { n: 2 })],
      });
    }));

    it('moves the checkpoint of a batch without documents', withStore(async (store) => {
      const g = await live(store);
      expect(await store.applyBatch('counts', g, [], { from: null, to: at(2) })).toBe('applied');
      expect((await snapshot(store, 'counts'))?.checkpoint).toEqual(at(2));
    }));

    it('writes documents without moving the checkpoint when the batch starts and ends where the store is', withStore(async (store) => {
      const g = await live(store);
      await store.applyBatch('counts', g, [doc('streams', 'a', 1)], { from: null, to: at(2) });
      expect(await store.applyBatch('counts', g, [doc('streams', 'a', 2)], { from: at(2), to: at(2) })).toBe('applied');
      expect(await snapshot(store, 'counts')).toMatchObject({ checkpoint: at(2), documents: [doc('streams', 'a', 2)] });
      await expect(store.applyBatch('counts', g, [doc('streams', 'a', 3)], { from: at(1), to: at(1) })).rejects.toThrow(CheckpointConflict);
    }));

    it('keeps the origin written with each checkpoint, verbatim', withStore(async (store) => {
      const g = await live(store);
      expect((await store.head('counts'))?.origin).toBeNull();
      const origin = JSON.stringify({ store: 'sqlite:3f2e…', stream: 'client-C1', hash: 'ab'.repeat(32) });
      await store.applyBatch('counts', g, [], { from: null, to: at(2), origin });
      expect(await store.head('counts')).toEqual({ generation: g, version: 1, checkpoint: at(2), origin });
      await store.applyBatch('counts', g, [], { from: at(2), to: at(3), origin: 'another' });
      expect((await store.head('counts'))?.origin).toBe('another');
      // A skipped batch leaves it as it was.
      await store.applyBatch('counts', g, [], { from: at(2), to: at(3), origin: 'stale' });
      expect((await store.head('counts'))?.origin).toBe('another');
    }));

    it('skips a batch applied again, changing nothing', withStore(async (store) => {
      const g = await live(store);
      await store.applyBatch('counts', g, [doc('streams', 'a', { n: 1 })], { from: null, to: at(3) });
      await store.applyBatch('counts', g, [doc('streams', 'a', { n: 2 })], { from: at(3), to: at(6) });
      const before = await snapshot(store, 'counts');
      expect(await store.applyBatch('counts', g, [doc('streams', 'a', { n: 2 })], { from: at(3), to: at(6) })).toBe('skipped');
      // An older batch, replayed by a slow writer, is skipped too: the checkpoint is past its end.
      expect(await store.applyBatch('counts', g, [doc('streams', 'a', { n: 1 })], { from: null, to: at(3) })).toBe('skipped');
      expect(await snapshot(store, 'counts')).toEqual(before);
    }));

    it('rejects a writer whose checkpoint is stale, changing nothing', withStore(async (store) => {
      const g = await live(store);
      await store.applyBatch('counts', g, [doc('streams', 'a', { n: 1 })], { from: null, to: at(3) });
      const before = await snapshot(store, 'counts');
      await expect(store.applyBatch('counts', g, [doc('streams', 'a', { n: 9 })], { from: null, to: at(7) })).rejects.toThrow(CheckpointConflict);
      await expect(store.applyBatch('counts', g, [doc('streams', 'a', { n: 9 })], { from: at(4), to: at(7) })).rejects.toThrow(CheckpointConflict);
      await expect(store.applyBatch('counts', g + 100, [], { from: at(3), to: at(7) })).rejects.toThrow(/does not exist/);
      await expect(store.applyBatch('other', g, [], { from: null, to: at(7) })).rejects.toThrow(CheckpointConflict);
      expect(await snapshot(store, 'counts')).toEqual(before);
    }));

    it('writes nothing of a batch holding a document that is not JSON', withStore(async (store) => {
      const g = await live(store);
      const bad = [doc('streams', 'a', { n: 1 }), doc('streams', 'b', { n: 10n })];
      await expect(store.applyBatch('counts', g, bad, { from: null, to: at(3) })).rejects.toThrow(TypeError);
      expect(await snapshot(store, 'counts')).toEqual({ generation: g, version: 1, checkpoint: null, origin: null, documents: [] });
    }));

    it('writes a batch of many documents whole, a non-JSON one late in it included', withStore(async (store) => {
      // 75 documents: more than one multi-row statement's worth (and a remainder) in stores that
      // write in chunks; a bad document in the last chunk must still undo the earlier ones.
      const g = await live(store);
      const many = Array.from({ length: 75 }, (_, i) => doc(i % 2 === 0 ? 'even' : 'odd', `k${String(i).padStart(2, '0')}`, { i }));
      await expect(store.applyBatch('counts', g, [...many, doc('even', 'bad', { n: 1n })], { from: null, to: at(1) })).rejects.toThrow(TypeError);
      expect(await snapshot(store, 'counts')).toEqual({ generation: g, version: 1, checkpoint: null, origin: null, documents: [] });
      expect(await store.applyBatch('counts', g, many, { from: null, to: at(2) })).toBe('applied');
      const stored = await snapshot(store, 'counts', ['even', 'odd']);
      expect(stored?.checkpoint).toEqual(at(2));
      expect(stored?.documents).toHaveLength(75);
      expect(stored?.documents).toEqual(expect.arrayContaining(many));
    }));

    it('round-trips documents as JSON, collections and projections apart', withStore(async (store) => {
      const value = { name: 'Zhāng 张 "quoted"', list: [1, 2.5, null, { deep: [true, false] }], empty: {}, big: Number.MAX_SAFE_INTEGER, neg: -0.125 };
      const g = await live(store, 'one');
      const h = await live(store, 'two');
      await store.applyBatch('one', g, [doc('c1', 'k/1:é', value), doc('c2', 'k/1:é', 'a string'), doc('c1', '', null)], { from: null, to: at(1) });
      await store.applyBatch('two', h, [doc('c1', 'k/1:é', 42)], { from: null, to: at(2) });
      expect((await snapshot(store, 'one', ['c1', 'c2']))?.documents).toEqual([doc('c1', '', null), doc('c1', 'k/1:é', value), doc('c2', 'k/1:é', 'a string')]);
      expect(await snapshot(store, 'two', ['c1'])).toMatchObject({ checkpoint: at(2), documents: [doc('c1', 'k/1:é', 42)] });
    }));

    it('keeps a document given as JSON text (JsonText) as that text, read back as its value', withStore(async (store) => {
      const g = await live(store, 'one');
      const text = '[[0,1,"T",{"b":1,"a":"\\u00e9 \\"q\\""},{"z":null}],[1,  2,"U",{},{}]]';
      await store.applyBatch('one', g, [doc('c1', 'k1', new JsonText(text)), doc('c1', 'k2', { plain: true })], { from: null, to: at(1) });
      const read = (await store.get('one', g, 'c1', ['k1', 'k2']));
      expect(read.get('k1')).toEqual(JSON.parse(text));
      expect(Object.keys((read.get('k1') as [[unknown, unknown, unknown, object]])[0][3])).toEqual(['b', 'a']);
      expect(read.get('k2')).toEqual({ plain: true });
      expect((await snapshot(store, 'one', ['c1']))?.documents).toEqual([doc('c1', 'k1', JSON.parse(text)), doc('c1', 'k2', { plain: true })]);
    }));

    it('keeps checkpoints with two-part positions', withStore(async (store) => {
      const g = await live(store);
      const position = { commit: 2n ** 62n + 7n, prepare: 2n ** 62n + 3n };
      await store.applyBatch('counts', g, [], { from: null, to: position });
      expect((await snapshot(store, 'counts'))?.checkpoint).toEqual(position);
      expect(await store.applyBatch('counts', g, [], { from: null, to: { commit: position.commit, prepare: 1n } })).toBe('skipped');
    }));

    it('fills a new generation beside the live one and swaps on activate', withStore(async (store) => {
      const old = await live(store, 'counts', 1);
      await store.applyBatch('counts', old, [doc('streams', 'a', { n: 1 })], { from: null, to: at(4) });
      const liveBefore = await snapshot(store, 'counts');

      const fresh = await store.beginGeneration('counts', 2);
      expect(fresh).toBeGreaterThan(old);
      await store.applyBatch('counts', fresh, [doc('streams', 'b', { n: 2 })], { from: null, to: at(6) });
      // Invisible until activated; the live one keeps answering and keeps taking batches.
      expect(await snapshot(store, 'counts')).toEqual(liveBefore);
      await store.applyBatch('counts', old, [doc('streams', 'a', { n: 5 })], { from: at(4), to: at(5) });
      expect((await snapshot(store, 'counts'))?.documents).toEqual([doc('streams', 'a', { n: 5 })]);

      await store.activate('counts', fresh);
      expect(await snapshot(store, 'counts')).toEqual({ generation: fresh, version: 2, checkpoint: at(6), origin: null, documents: [doc('streams', 'b', { n: 2 })] });
      // The old generation is gone: its writer is told so.
      await expect(store.applyBatch('counts', old, [], { from: at(5), to: at(8) })).rejects.toThrow(CheckpointConflict);
      await expect(store.activate('counts', old)).rejects.toThrow(CheckpointConflict);
    }));

    it('discards an aborted generation and never reuses its number', withStore(async (store) => {
      const g = await live(store);
      const aborted = await store.beginGeneration('counts', 2);
      await store.applyBatch('counts', aborted, [doc('streams', 'x', 1)], { from: null, to: at(1) });
      await store.discardGeneration('counts', aborted);
      await expect(store.activate('counts', aborted)).rejects.toThrow(CheckpointConflict);
      await expect(store.applyBatch('counts', aborted, [], { from: at(1), to: at(2) })).rejects.toThrow(CheckpointConflict);
      expect(await store.beginGeneration('counts', 2)).toBeGreaterThan(aborted);
      await expect(store.discardGeneration('counts', g)).rejects.toThrow(/live/);
      expect((await snapshot(store, 'counts'))?.generation).toBe(g);
    }));

    it('reads documents by key: the ones that exist, in their own collection and generation', withStore(async (store) => {
      const g = await live(store);
      await store.applyBatch('counts', g, [doc('streams', 'a', { n: 1 }), doc('streams', 'b', null), doc('other', 'c', 3)], { from: null, to: at(1) });
      const fresh = await store.beginGeneration('counts', 1);
      await store.applyBatch('counts', fresh, [doc('streams', 'a', { n: 9 })], { from: null, to: at(1) });
      const found = await store.get('counts', g, 'streams', ['a', 'b', 'c', 'zz']);
      expect([...found.entries()].sort()).toEqual([['a', { n: 1 }], ['b', null]]);
      expect([...(await store.get('counts', g, 'other', ['a', 'c'])).entries()]).toEqual([['c', 3]]);
      expect([...(await store.get('counts', fresh, 'streams', ['a'])).entries()]).toEqual([['a', { n: 9 }]]);
      expect((await store.get('counts', g, 'nothing', ['a'])).size).toBe(0);
      expect((await store.get('counts', g, 'streams', [])).size).toBe(0);
    }));

    it('streams a collection in key order, in pages, from and to any key', withStore(async (store) => {
      const g = await live(store);
      // Code-point order: digits < capitals < '_' < lower case < 'é' < '中' < an astral character.
      const keys = ['b', 'a', 'B', '0', '_x', 'a:b', 'a.b', 'é', '中', '😀', 'ab', 'a\u0001', ...Array.from({ length: 40 }, (_, i) => `k${String(i).padStart(2, '0')}`)];
      await store.applyBatch('counts', g, keys.map((k, i) => doc('streams', k, { i })), { from: null, to: at(1) });
      // A later batch rewrites some documents: still one entry per key, with its latest value.
      await store.applyBatch('counts', g, [doc('streams', 'a', { i: -1 }), doc('streams', 'zz', { i: 99 })], { from: at(1), to: at(2) });
      await store.applyBatch('counts', g, [doc('others', 'a', 0)], { from: at(2), to: at(3) });
      const ordered = [...keys, 'zz'].sort(compareKeys);
      expect(ordered.slice(0, 4)).toEqual(['0', 'B', '_x', 'a']);
      expect(ordered.slice(-4)).toEqual(['zz', 'é', '中', '😀']);
      const streamed: StoredDocument[] = [];
      for await (const d of streamCollection(store, 'counts', g, 'streams', { limit: 5 })) streamed.push(d);
      expect(streamed.map((d) => d.key)).toEqual(ordered);
      expect(streamed.find((d) => d.key === 'a')).toEqual(doc('streams', 'a', { i: -1 }));
      expect(streamed.every((d) => d.collection === 'streams')).toBe(true);
      const page = await store.scan('counts', g, 'streams', { from: 'a', to: 'k03', limit: 100 });
      expect(page.map((d) => d.key)).toEqual(['a', 'a\u0001', 'a.b', 'a:b', 'ab', 'b', 'k00', 'k01', 'k02']);
      expect((await store.scan('counts', g, 'streams', { from: 'k1', limit: 3 })).map((d) => d.key)).toEqual(['k10', 'k11', 'k12']);
      expect(await store.scan('counts', g, 'streams', { from: 'k05', to: 'k05', limit: 3 })).toEqual([]);
      expect(await store.scan('counts', g, 'nothing', { limit: 3 })).toEqual([]);
    }));

    it('refuses reads of a generation that no longer exists, rather than answer with nothing', withStore(async (store) => {
      const old = await live(store);
      await store.applyBatch('counts', old, [doc('streams', 'a', 1)], { from: null, to: at(1) });
      const fresh = await store.beginGeneration('counts', 1);
      await store.activate('counts', fresh);
      await expect(store.scan('counts', old, 'streams', { limit: 10 })).rejects.toThrow(CheckpointConflict);
      await expect(store.get('counts', old, 'streams', ['a'])).rejects.toThrow(CheckpointConflict);
      await expect(store.get('counts', old, 'streams', ['a', 'b'])).rejects.toThrow(CheckpointConflict);
      await expect(store.scan('counts', fresh + 1, 'streams', { limit: 10 })).rejects.toThrow(/does not exist/);
      expect(await store.scan('counts', fresh, 'streams', { limit: 10 })).toEqual([]);
    }));

    it('gives a lease to one holder at a time, renews it for that holder, and hands it on once it expires', withStore(async (store) => {
      expect(await store.leaseState('counts')).toBeNull();
      const first = await store.lease('counts', 'host-a:1', 60_000);
      expect(first).toMatchObject({ lease: 'counts', holder: 'host-a:1', token: 1 });
      expect(await store.lease('counts', 'host-b:2', 60_000)).toBeNull();
      const renewed = await store.lease('counts', 'host-a:1', 60_000);
      expect(renewed).toMatchObject({ holder: 'host-a:1', token: 1 });
      expect(renewed!.expiresAt).toBeGreaterThanOrEqual(first!.expiresAt);
      // Leases of other read models are their own.
      expect(await store.lease('other', 'host-b:2', 60_000)).toMatchObject({ holder: 'host-b:2', token: 1 });

      // A TTL that has run out: the next holder takes over with the next token.
      await store.lease('short', 'host-a:1', 1);
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(await store.lease('short', 'host-b:2', 60_000)).toMatchObject({ holder: 'host-b:2', token: 2 });
      // Released: taken at once.
      await store.releaseLease({ lease: 'counts', holder: 'host-a:1', token: 1 });
      expect(await store.lease('counts', 'host-b:2', 60_000)).toMatchObject({ holder: 'host-b:2', token: 2 });
      expect(await store.leaseState('counts')).toMatchObject({ holder: 'host-b:2', token: 2 });
    }));

    it('never commits a batch fenced by a lease that changed hands, whatever its timing', withStore(async (store) => {
      const g = await live(store);
      await store.lease('counts', 'old', 1);
      const fence = { lease: 'counts', holder: 'old', token: 1 };
      expect(await store.applyBatch('counts', g, [doc('streams', 'a', 1)], { from: null, to: at(1), fence })).toBe('applied');
      await new Promise((resolve) => setTimeout(resolve, 5));
      // Expired but not taken: the fence still holds (the token, not the clock, decides).
      expect(await store.applyBatch('counts', g, [doc('streams', 'a', 2)], { from: at(1), to: at(2), fence })).toBe('applied');
      const taken = await store.lease('counts', 'new', 60_000);
      expect(taken?.token).toBe(2);
      const before = await snapshot(store, 'counts');
      await expect(store.applyBatch('counts', g, [doc('streams', 'a', 3)], { from: at(2), to: at(3), fence })).rejects.toThrow(LeaseLost);
      await expect(store.applyBatch('counts', g, [doc('streams', 'a', 3)], { from: at(2), to: at(3), fence })).rejects.toThrow(/no longer held by old \(token 1\); new holds it with token 2/);
      expect(await snapshot(store, 'counts')).toEqual(before);
      expect(await store.applyBatch('counts', g, [doc('streams', 'a', 3)], { from: at(2), to: at(3), fence: { lease: 'counts', holder: 'new', token: 2 } })).toBe('applied');
      // A release by the old holder changes nothing of the new one's lease.
      await store.releaseLease(fence);
      expect(await store.lease('counts', 'other', 60_000)).toBeNull();
    }));

    it('refuses work once closed', withStore(async (store) => {
      await store.close();
      await expect(store.head('counts')).rejects.toThrow(StoreUnavailable);
      await expect(store.scan('counts', 1, 'streams', { limit: 5 })).rejects.toThrow(StoreUnavailable);
      await expect(store.beginGeneration('counts', 1)).rejects.toThrow(StoreUnavailable);
    }));
  });
};
