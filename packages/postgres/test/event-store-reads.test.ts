// What a reader of the PostgreSQL event store sees while writers on two pools, and transactions held
// open, commit out of order; and how the NOTIFY an append carries wakes a follower.
import { afterAll, expect, it } from 'vitest';
import pg from 'pg';
import { DamagedStoredEvent, sequencePosition, type RecordedEvent } from '@rapport/core';
import { describeWithService, events, readAllEvents, readAllUntilFailure, stored } from '@rapport/core/testing';
import { openPostgresEventStore } from '../src/event-store.js';
import { verifyChain } from '@rapport/core/store-kit';
import { adminPool, closeAdminPool, freshStore, url, RAW_METADATA } from './fresh-store.js';

const suite = await describeWithService('postgres');
afterAll(closeAdminPool);

suite('postgres event store', () => {
  it('names a row whose data or metadata is no event JSON any more, after giving readAll the events before it', async () => {
    const { store, schema, cleanup } = await freshStore();
    try {
      const written = stored(await store.append({ stream: 'client-A', expected: 'no-stream', events: events(4) }));
      const damaged = written[2]!;
      await adminPool().query(`UPDATE "${schema}".events SET metadata = 'not json' WHERE stream = 'client-A' AND stream_version = 2`);
      const { events: before, failure } = await readAllUntilFailure(store, { batchSize: 10 });
      expect(before.map((e) => e.streamVersion)).toEqual([0, 1]);
      expect(failure).toBeInstanceOf(DamagedStoredEvent);
      expect(failure).toMatchObject({ stream: 'client-A', streamVersion: 2, position: damaged.position, hash: null, problem: 'its metadata is not JSON' });
      await expect(store.readStream('client-A')).rejects.toBeInstanceOf(DamagedStoredEvent);
      expect((await readAllEvents(store, { after: damaged.position })).map((e) => e.streamVersion)).toEqual([3]);
    } finally {
      await cleanup();
    }
  });

  it('many writers on two pools: readAll while they commit misses no position', async () => {
    const { store: a, schema, cleanup } = await freshStore();
    const b = await openPostgresEventStore(url, { schema });
    // A reader tails the log while writers commit; a position it skipped would show at the end.
    const seen: bigint[] = [];
    let writing = true;
    const tail = (async () => {
      let after = sequencePosition(0);
      const drain = async () => {
        for await (const batch of a.readAll({ after, batchSize: 7 })) {
          for (const e of batch) seen.push(e.position.commit);
          after = batch[batch.length - 1]!.position;
        }
      };
      while (writing) await drain();
      await drain();
    })();
    try {
      // One stream per writer: no expected-revision contention, only the race for positions.
      const writes = Array.from({ length: 60 }, (_, w) =>
        (w % 2 === 0 ? a : b).append({ stream: `client-${w}`, expected: 'no-stream', events: events(1 + (w % 3)) }),
      );
      const written = (await Promise.all(writes)).flatMap(stored);
      writing = false;
      await tail;
      const all = await readAllEvents(b);
      expect(all).toHaveLength(written.length);
      expect(seen).toEqual(all.map((e) => e.position.commit));
      for (let w = 0; w < 60; w++) expect(verifyChain(await a.readStream(`client-${w}`))).toBeNull();
    } finally {
      writing = false;
      await tail.catch(() => undefined);
      await b.close();
      await cleanup();
    }
  });

  it('a reader never passes an event that a transaction still open will commit, and writers take no lock', async () => {
    const { store, schema, cleanup } = await freshStore();
    const late = await adminPool().connect();
    try {
      stored(await store.append({ stream: 'client-A', expected: 'no-stream', events: events(1) }));
      // A writer draws its position first and commits last (what an append does when the process
      // is slow between its INSERT and its COMMIT).
      await late.query('BEGIN');
      await late.query(`INSERT INTO "${schema}".events (stream, stream_version, type, data, metadata) VALUES ('client-L', 0, 'Late', '{}', '${RAW_METADATA}')`);
      // Not waiting for it: an append on another stream commits at once, with a greater position.
      const early = stored(await store.append({ stream: 'client-B', expected: 'no-stream', events: events(2) }));
      // Read as a follower reads (what is readable now; hidden-commits.test.ts has the default).
      const tail = await readAllEvents(store, { upTo: 'readable' });
      // The reader stops before the open transaction, so it cannot have passed the late row yet.
      expect(tail.map((e) => e.stream)).toEqual(['client-A']);
      await late.query('COMMIT');
      const after = tail[tail.length - 1]!.position;
      const rest = await readAllEvents(store, { after });
      expect(rest.map((e) => e.stream)).toEqual(['client-L', 'client-B', 'client-B']);
      expect(rest.slice(1)).toEqual(early);
      // One order for everyone: the whole log reads as the tail plus what came after it.
      expect(await readAllEvents(store)).toEqual([...tail, ...rest]);
    } finally {
      await late.query('ROLLBACK').catch(() => undefined);
      late.release();
      await cleanup();
    }
  });

  it('a tailing reader sees every event exactly once, in the final order, while transactions commit out of order', async () => {
    const { store: a, schema, cleanup } = await freshStore();
    const b = await openPostgresEventStore(url, { schema });
    // Raw writers that draw positions early and commit late, each holding its transaction open
    // across several appends of the stores (what a stalled writer process does).
    const extra = new pg.Pool({ connectionString: url, max: 8 });
    const late = await Promise.all(Array.from({ length: 8 }, () => extra.connect()));
    const seen: RecordedEvent[] = [];
    let writing = true;
    const tail = (async () => {
      let after = sequencePosition(0);
      const drain = async () => {
        for await (const batch of a.readAll({ after, batchSize: 3, upTo: 'readable' })) {
          seen.push(...batch);
          after = batch[batch.length - 1]!.position;
        }
      };
      while (writing) await drain();
      await drain();
    })();
    const pause = () => new Promise((resolve) => setTimeout(resolve, 1));
    const lateWriter = async (client: pg.PoolClient, w: number): Promise<void> => {
      for (let round = 0; round < 5; round++) {
        await client.query('BEGIN');
        await client.query(`INSERT INTO "${schema}".events (stream, stream_version, type, data, metadata) VALUES ($1, $2, 'Late', '{}', '${RAW_METADATA}')`, [`late-${w}`, round]);
        for (let i = 0; i < 2 + ((w + round) % 3); i++) await pause();
        await client.query('COMMIT');
      }
    };
    try {
      const appends = Array.from({ length: 80 }, async (_, w) => {
        for (let i = 0; i < w % 4; i++) await pause();
        return stored(await (w % 2 === 0 ? a : b).append({ stream: `client-${w}`, expected: 'no-stream', events: events(1 + (w % 3)) }));
      });
      await Promise.all([...appends, ...late.map(lateWriter)]);
      const total = (await Promise.all(appends)).flat().length + 8 * 5;
      // Readers stop below the oldest writer of the log still open: the tail's last round starts
      // once the whole log is readable.
      for (let wait = 0; (await b.countAfter!(null)) < total && wait < 200; wait++) await new Promise((resolve) => setTimeout(resolve, 50));
      writing = false;
      await tail;
      const all = await readAllEvents(b);
      expect(all).toHaveLength(total);
      // Nothing skipped, nothing twice, and the order every reader agrees on.
      expect(seen.map((e) => `${e.stream}/${e.streamVersion}`)).toEqual(all.map((e) => `${e.stream}/${e.streamVersion}`));
      expect(seen.map((e) => e.position)).toEqual(all.map((e) => e.position));
    } finally {
      writing = false;
      await tail.catch(() => undefined);
      for (const client of late) {
        await client.query('ROLLBACK').catch(() => undefined);
        client.release();
      }
      await extra.end();
      await b.close();
      await cleanup();
    }
  });

  it('wakes a follower on another pool with the NOTIFY an append carries, and keeps no trigger that would NOTIFY on every append', async () => {
    const { store: writer, schema, cleanup } = await freshStore();
    const follower = await openPostgresEventStore(url, { schema });
    try {
      const [last] = stored(await writer.append({ stream: 'client-A', expected: 'no-stream', events: events(1) }));
      // No trigger: NOTIFY inside an append would make every notifying commit wait for the others.
      const triggers = await adminPool().query(`SELECT tgname FROM pg_trigger WHERE tgrelid = '"${schema}".events'::regclass`);
      expect(triggers.rows).toEqual([]);
      const waiting = follower.waitForAppends!(last!.position, { timeoutMs: 20_000 });
      await new Promise((resolve) => setTimeout(resolve, 50));
      // Two events: the many-row INSERT, which notifies in its own transaction like the one-row one.
      stored(await writer.append({ stream: 'client-B', expected: 'no-stream', events: events(2) }));
      // Only the writer's NOTIFY can end this wait before its timeout.
      expect(await waiting).toBe(true);
      const next = follower.waitForAppends!((await readAllEvents(follower)).at(-1)!.position, { timeoutMs: 20_000 });
      await new Promise((resolve) => setTimeout(resolve, 50));
      stored(await writer.append({ stream: 'client-C', expected: 'no-stream', events: events(1) }));
      expect(await next).toBe(true);
    } finally {
      await follower.close();
      await cleanup();
    }
  });

  it('reads what this process has just appended, though NOTIFY transactions are still committing', async () => {
    // A NOTIFY due after every append, and another store of this process appending (and
    // notifying) meanwhile: whether a NOTIFY goes with an append or on its own (drawing a
    // transaction id that holds readers back until it commits), reads see every append before them.
    const { store, schema, cleanup } = await freshStore({ notifyIntervalMs: 0 });
    const other = await openPostgresEventStore(url, { schema, notifyIntervalMs: 0 });
    let noisy = true;
    const noise = (async () => {
      for (let j = 0; noisy; j++) stored(await other.append({ stream: `noise-${j}`, expected: 'no-stream', events: events(1) }));
    })();
    try {
      for (let i = 0; i < 60; i++) {
        const written = stored(await store.append({ stream: `client-${i}`, expected: 'no-stream', events: events(1) }));
        expect((await readAllEvents(store, { after: written[0]!.position })).filter((e) => e.stream.startsWith('client-'))).toEqual([]);
        const tail = await readAllEvents(store, { after: { commit: written[0]!.position.commit, prepare: written[0]!.position.prepare - 1n } });
        expect(tail[0]).toEqual(written[0]);
      }
    } finally {
      noisy = false;
      await noise;
      await other.close();
      await cleanup();
    }
  });

  it('reads what this process has just appended while an older append of another of its stores is still committing', async () => {
    // The other store's INSERT has drawn its transaction id (its row is in, an AFTER trigger then
    // sleeps) when this store's append commits: until it ends, the log is readable only below it.
    const { store, schema, cleanup } = await freshStore();
    const other = await openPostgresEventStore(url, { schema });
    await adminPool().query(`CREATE FUNCTION "${schema}".slow_append() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.stream LIKE 'slow-%' THEN PERFORM pg_sleep(1); END IF; RETURN NULL; END $$`);
    await adminPool().query(`CREATE TRIGGER slow_append AFTER INSERT ON "${schema}".events FOR EACH ROW EXECUTE FUNCTION "${schema}".slow_append()`);
    try {
      const older = other.append({ stream: 'slow-1', expected: 'no-stream', events: events(1) });
      // Until the slow row is in: its INSERT has then drawn its transaction id.
      for (let polls = 0; (await adminPool().query(`SELECT 1 FROM pg_stat_activity WHERE wait_event = 'PgSleep' AND query LIKE '%${schema}%'`)).rowCount === 0; polls++) {
        if (polls > 200) throw new Error('the slow append never started');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const written = stored(await store.append({ stream: 'client-1', expected: 'no-stream', events: events(1) }));
      const tail = await readAllEvents(store, { after: { commit: written[0]!.position.commit, prepare: written[0]!.position.prepare - 1n } });
      expect(tail.find((e) => e.stream === 'client-1')).toEqual(written[0]);
      stored(await older);
    } finally {
      await other.close();
      await cleanup();
    }
  });

  it('close() sends the NOTIFY it still owes before it returns', async () => {
    // A long interval: after the first append's NOTIFY, only close() can send the one owed.
    const { store, schema, cleanup } = await freshStore({ notifyIntervalMs: 60_000 });
    const listener = await adminPool().connect();
    let heard = 0;
    const count = () => heard++;
    listener.on('notification', count);
    try {
      await listener.query(`LISTEN "rapport:${schema}"`);
      // The first notifies at once, the other two are merged into one that is owed.
      for (let i = 0; i < 3; i++) stored(await store.append({ stream: `client-${i}`, expected: 'no-stream', events: events(1) }));
      await store.close();
      // A round trip on the listening connection delivers whatever was notified before it.
      await listener.query('SELECT 1');
      expect(heard).toBe(2);
    } finally {
      listener.off('notification', count);
      await listener.query('UNLISTEN *');
      listener.release();
      await cleanup();
    }
  });
});
