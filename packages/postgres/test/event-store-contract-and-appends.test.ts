// The PostgreSQL event store against a real server: the shared contract, then what only a
// server-backed store must show when it appends (two pools on one stream, appends in flight sharing
// one INSERT, the exact data text, foreign rows, a reopened schema) and a server that is not there.
import { afterAll, expect, it } from 'vitest';
import { isLeft } from 'fp-ts/lib/Either.js';
import { StoreUnavailable, comparePositions } from '@rapport/core';
import { describeWithService, eventStoreContract, events, newEvent, raceTwoWriters, readAllEvents, stored } from '@rapport/core/testing';
import { openPostgresEventStore } from '../src/event-store.js';
import { verifyChain } from '@rapport/core/store-kit';
import { adminPool, closeAdminPool, freshStore, url, RAW_METADATA } from './fresh-store.js';

const suite = await describeWithService('postgres');
afterAll(closeAdminPool);

suite('postgres event store', () => {
  eventStoreContract('postgres', (options) => freshStore(options));

  it('two stores (two pools) appending at the same revision: one wins, one conflicts, nothing lost', async () => {
    const { store: a, schema, cleanup } = await freshStore();
    const b = await openPostgresEventStore(url, { schema });
    try {
      const stream = await raceTwoWriters(a, b);
      expect(await readAllEvents(a)).toEqual(stream);
    } finally {
      await b.close();
      await cleanup();
    }
  });

  it('concurrent appends on one stream: one version each, the chain unbroken, conflicts reported', async () => {
    const { store: a, schema, cleanup } = await freshStore();
    const b = await openPostgresEventStore(url, { schema });
    try {
      stored(await a.append({ stream: 'client-X', expected: 'no-stream', events: events(1) }));
      // Both stores remember (or read) head 0; only one of each pair can take version 1, 2, …
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b).append({ stream: 'client-X', expected: 'any', events: events(1) })));
      expect(results.every((r) => !isLeft(r))).toBe(true);
      const stream = await a.readStream('client-X');
      expect(stream.map((e) => e.streamVersion)).toEqual(Array.from({ length: 11 }, (_, i) => i));
      expect(verifyChain(stream)).toBeNull();
      // b remembers an old head of client-X: its append at a stale expected version is a conflict
      // naming the real head, not a broken chain.
      const stale = await b.append({ stream: 'client-X', expected: 3, events: events(1) });
      expect(isLeft(stale) && stale.left).toEqual({ kind: 'StreamConflict', stream: 'client-X', expected: 3, actual: 10 });
      stored(await b.append({ stream: 'client-X', expected: 10, events: events(1) }));
      expect(verifyChain(await a.readStream('client-X'))).toBeNull();
    } finally {
      await b.close();
      await cleanup();
    }
  });

  it('appends in flight together share one INSERT and commit; one that collides fails only itself', async () => {
    const { store, cleanup } = await freshStore();
    try {
      // Launched in one tick: two go at once, the other eight queue and go together.
      const together = (await Promise.all(Array.from({ length: 10 }, (_, i) => store.append({ stream: `client-${i}`, expected: 'no-stream', events: events(1 + (i % 2)) })))).flatMap(stored);
      expect(together).toHaveLength(15);
      expect(new Set(together.map((e) => e.position.commit)).size).toBeLessThan(10);
      // The queued eight again, one of them aimed at a stream another also writes: the combined
      // INSERT collides, each retries alone, and only one of the pair loses.
      const results = await Promise.all([
        ...Array.from({ length: 9 }, (_, i) => store.append({ stream: `client-x${i}`, expected: 'no-stream', events: events(1) })),
        store.append({ stream: 'client-x8', expected: 'no-stream', events: events(2) }),
      ]);
      const conflicts = results.filter(isLeft);
      expect(conflicts).toHaveLength(1);
      expect(conflicts[0]!.left).toMatchObject({ kind: 'StreamConflict', stream: 'client-x8', expected: 'no-stream' });
      const appended = results.filter((r) => !isLeft(r)).flatMap(stored);
      expect(new Set(appended.map((e) => e.stream))).toEqual(new Set(Array.from({ length: 9 }, (_, i) => `client-x${i}`)));
      const all = await readAllEvents(store);
      expect(all).toEqual([...together, ...appended].sort((a, b) => comparePositions(a.position, b.position)));
      for (const stream of new Set(all.map((e) => e.stream))) expect(verifyChain(await store.readStream(stream))).toBeNull();
    } finally {
      await cleanup();
    }
  });

  it('keeps data as the exact text that was hashed, key order included', async () => {
    const { store, schema, cleanup } = await freshStore();
    try {
      const data = { zeta: 1, alpha: { b: 2, a: [3, { d: 4, c: 5 }] }, 'é': -0.5, big: 2 ** 53 - 1 };
      stored(await store.append({ stream: 'client-A', expected: 'no-stream', events: [newEvent('Noted', data)] }));
      const { rows } = await adminPool().query(`SELECT data FROM "${schema}".events`);
      expect(rows[0].data).toBe('{"alpha":{"a":[3,{"c":5,"d":4}],"b":2},"big":9007199254740991,"zeta":1,"é":-0.5}');
      expect(verifyChain(await store.readStream('client-A'))).toBeNull();
    } finally {
      await cleanup();
    }
  });

  it('reports a conflict, not a crash, when a foreign writer took the version behind its back', async () => {
    const { store, schema, cleanup } = await freshStore();
    try {
      stored(await store.append({ stream: 'client-A', expected: 'no-stream', events: events(1) }));
      await adminPool().query(`INSERT INTO "${schema}".events (stream, stream_version, type, data, metadata) VALUES ('client-A', 1, 'Foreign', '{}', '${RAW_METADATA}')`);
      const result = await store.append({ stream: 'client-A', expected: 0, events: events(1) });
      expect(isLeft(result) && result.left).toEqual({ kind: 'StreamConflict', stream: 'client-A', expected: 0, actual: 1 });
    } finally {
      await cleanup();
    }
  });

  it('opens an existing schema again and carries on the chain', async () => {
    const { store, schema, cleanup } = await freshStore();
    try {
      stored(await store.append({ stream: 'client-A', expected: 'no-stream', events: events(2) }));
      const again = await openPostgresEventStore(url, { schema });
      try {
        stored(await again.append({ stream: 'client-A', expected: 1, events: events(1) }));
        expect(verifyChain(await again.readStream('client-A'))).toBeNull();
      } finally {
        await again.close();
      }
    } finally {
      await cleanup();
    }
  });

  it('drops the in-transaction NOTIFY trigger of a store written by an earlier Rapport', async () => {
    const { store, schema, cleanup } = await freshStore();
    try {
      stored(await store.append({ stream: 'client-A', expected: 'no-stream', events: events(1) }));
      const admin = adminPool();
      await admin.query(`CREATE FUNCTION "${schema}".rapport_notify_appends() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_notify('rapport:${schema}', ''); RETURN NULL; END $$`);
      await admin.query(`CREATE TRIGGER rapport_notify_appends AFTER INSERT ON "${schema}".events FOR EACH STATEMENT EXECUTE FUNCTION "${schema}".rapport_notify_appends()`);
      const again = await openPostgresEventStore(url, { schema });
      try {
        expect((await admin.query(`SELECT 1 FROM pg_trigger WHERE tgrelid = '"${schema}".events'::regclass`)).rowCount).toBe(0);
        expect((await admin.query(`SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1 AND p.proname = 'rapport_notify_appends'`, [schema])).rowCount).toBe(0);
        stored(await again.append({ stream: 'client-A', expected: 0, events: events(1) }));
        expect(verifyChain(await again.readStream('client-A'))).toBeNull();
      } finally {
        await again.close();
      }
    } finally {
      await cleanup();
    }
  });

  it('throws StoreUnavailable quickly, without the password, when the server is not there', async () => {
    const started = Date.now();
    const failure = openPostgresEventStore('postgres://someone:s3cret@127.0.0.1:1/postgres', { connectionTimeoutMillis: 2000 });
    await expect(failure).rejects.toBeInstanceOf(StoreUnavailable);
    await expect(failure).rejects.not.toThrow(/s3cret/);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
