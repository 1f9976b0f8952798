// A read of the whole log reaches every event committed before it, even one another process
// committed while an older writer of the log was still open (which keeps it from readers until it
// ends): the read waits for it, and fails, naming the writer, rather than leave it out for ever.
// Transactions that never write to the log (elsewhere on the server, or another store's) hold no
// reader back; a writer that ended after a read's snapshot still does, for that read.
import { afterAll, expect, it } from 'vitest';
import pg from 'pg';
import { StoreUnavailable, createRapport } from '@rapport/core';
import { describeWithService, events, readAllEvents, stored } from '@rapport/core/testing';
import { createMemoryReadModelStore } from '@rapport/core';
import { openPostgresEventStore } from '../src/event-store.js';
import { statements } from '../src/schema.js';
import { closeAdminPool, freshStore, url, RAW_METADATA } from './fresh-store.js';

const suite = await describeWithService('postgres');
afterAll(closeAdminPool);

interface OpenTransaction {
  /** The server process holding it. */
  readonly pid: number;
  /** Its transaction id. */
  readonly xid: string;
  /** Commits or rolls back, once (the finally blocks end it again in case a test failed before). */
  end(how: 'COMMIT' | 'ROLLBACK'): Promise<void>;
}

/**
 * A transaction that has drawn its id with `statement` and stays open, on a connection of its own:
 * an INSERT into a store's log is what a stalled writer of that store holds.
 */
const openTransaction = async (statement: string): Promise<OpenTransaction> => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('BEGIN');
  await client.query(statement);
  const [{ pid, xid }] = (await client.query<{ pid: number; xid: string }>('SELECT pg_backend_pid() AS pid, pg_current_xact_id()::text AS xid')).rows as [{ pid: number; xid: string }];
  let ended = false;
  return {
    pid,
    xid,
    end: async (how) => {
      if (ended) return;
      ended = true;
      await client.query(how).catch(() => undefined);
      await client.end();
    },
  };
};

const stalledWriterOf = (schema: string): Promise<OpenTransaction> =>
  openTransaction(`INSERT INTO "${schema}".events (stream, stream_version, type, data, metadata) VALUES ('stalled', 0, 'Stalled', '{}', '${RAW_METADATA}')`);

suite('postgres event store: events committed behind an open writer', () => {
  it('readAll waits until they are readable; a follower reads what is readable now', async () => {
    const { store, schema, cleanup } = await freshStore();
    // Another process's store: its append has ended, so nothing of it is under way in this one.
    const other = await openPostgresEventStore(url, { schema });
    const older = await stalledWriterOf(schema);
    try {
      const appended = stored(await other.append({ stream: 'client-A', expected: 'no-stream', events: events(2) }));
      // Committed, and hidden: a follower's read does not see it yet.
      expect(await readAllEvents(store, { upTo: 'readable' })).toEqual([]);
      let ended = false;
      const read = readAllEvents(store).then((all) => ({ all, ended }));
      await new Promise((resolve) => setTimeout(resolve, 150));
      ended = true;
      // The stalled writer gives up: nothing of it is in the log.
      await older.end('ROLLBACK');
      const { all, ended: endedBeforeAnswer } = await read;
      expect(endedBeforeAnswer).toBe(true);
      expect(all).toEqual(appended);
    } finally {
      await older.end('ROLLBACK');
      await other.close();
      await cleanup();
    }
  });

  it('fails after hiddenCommitsWaitMillis, naming the transaction that holds them back, instead of answering without them', async () => {
    const { store, schema, cleanup } = await freshStore({ hiddenCommitsWaitMillis: 200 });
    const other = await openPostgresEventStore(url, { schema });
    const older = await stalledWriterOf(schema);
    try {
      stored(await other.append({ stream: 'client-A', expected: 'no-stream', events: events(1) }));
      const started = Date.now();
      const failure = await readAllEvents(store).then(
        () => null,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(StoreUnavailable);
      const named = /still hidden behind transaction \d+ \(server process (\d+), database \w+, open since [0-9T:.Z-]+\), a writer of this store's log that has not ended after 0\.2 s/.exec((failure as Error).message);
      expect(named, (failure as Error).message).not.toBeNull();
      // The writer of this schema's log, whatever else is open on the server.
      expect(Number(named![1])).toBe(older.pid);
      expect(Date.now() - started).toBeGreaterThanOrEqual(190);
      await older.end('ROLLBACK');
      expect((await readAllEvents(store)).map((e) => e.stream)).toEqual(['client-A']);
    } finally {
      await older.end('ROLLBACK');
      await other.close();
      await cleanup();
    }
  });

  it('a report asked right after another process recorded a command counts it', async () => {
    const { store, schema, cleanup } = await freshStore();
    const other = await openPostgresEventStore(url, { schema });
    const writer = createRapport({ eventStore: other, readModelStore: createMemoryReadModelStore() });
    const reader = createRapport({ eventStore: store, readModelStore: createMemoryReadModelStore() });
    const at = '2024-03-01T09:00:00.000Z';
    let older: OpenTransaction | undefined;
    try {
      expect((await writer.execute({ type: 'RegisterSalesperson', commandId: 'c1', occurredAt: at, actor: 'test', salespersonId: 'S1', name: 'Sam' })).status).toBe('applied');
      expect((await writer.execute({ type: 'RegisterClient', commandId: 'c2', occurredAt: at, actor: 'test', clientId: 'C1', name: 'First Ltd', ownerId: 'S1' })).status).toBe('applied');
      expect((await reader.lifecycle({ asOf: '2024-03-02T00:00:00.000Z' })).counts.prospect).toBe(1);
      older = await stalledWriterOf(schema);
      expect((await writer.execute({ type: 'RegisterClient', commandId: 'c3', occurredAt: at, actor: 'test', clientId: 'C2', name: 'Second Ltd', ownerId: 'S1' })).status).toBe('applied');
      const asked = reader.lifecycle({ asOf: '2024-03-02T00:00:00.000Z' });
      setTimeout(() => void older!.end('ROLLBACK'), 100);
      expect((await asked).counts.prospect).toBe(2);
    } finally {
      if (older !== undefined) await older.end('ROLLBACK');
      await other.close();
      await cleanup();
    }
  });
  it('transactions that never write to the log hold no reader back: one that drew an id elsewhere, a writer of another store', async () => {
    const { store, schema, cleanup } = await freshStore({ hiddenCommitsWaitMillis: 200 });
    const elsewhere = await freshStore();
    const other = await openPostgresEventStore(url, { schema });
    const idOnly = await openTransaction('SELECT pg_current_xact_id()');
    const otherWriter = await stalledWriterOf(elsewhere.schema);
    try {
      const appended = stored(await other.append({ stream: 'client-A', expected: 'no-stream', events: events(2) }));
      // Under the old rule (the oldest transaction open on the server) both reads would be empty
      // or fail after the limit.
      expect(await readAllEvents(store, { upTo: 'readable' })).toEqual(appended);
      expect(await readAllEvents(store)).toEqual(appended);
      expect(await store.countAfter!(null)).toBe(2);
      expect(await store.waitForAppends!(null, { timeoutMs: 1000 })).toBe(true);
      // A writer of this log still does, with both of those open.
      const stalled = await stalledWriterOf(schema);
      try {
        stored(await other.append({ stream: 'client-B', expected: 'no-stream', events: events(1) }));
        expect(await readAllEvents(store, { upTo: 'readable' })).toEqual(appended);
        await expect(readAllEvents(store)).rejects.toBeInstanceOf(StoreUnavailable);
      } finally {
        await stalled.end('ROLLBACK');
      }
      expect((await readAllEvents(store)).map((e) => e.stream)).toEqual(['client-A', 'client-A', 'client-B']);
    } finally {
      await idOnly.end('ROLLBACK');
      await otherWriter.end('ROLLBACK');
      await other.close();
      await elsewhere.cleanup();
      await cleanup();
    }
  });
  it('a writer that ended after the read took its snapshot still holds the horizon: its rows are not in that snapshot', async () => {
    // pg_locks is read after the statement's snapshot is taken. A REPEATABLE READ transaction keeps
    // one snapshot across statements, which opens that gap wide enough to test.
    const { store, schema, cleanup } = await freshStore();
    const writer = await stalledWriterOf(schema);
    const reader = new pg.Client({ connectionString: url });
    await reader.connect();
    try {
      stored(await store.append({ stream: 'client-A', expected: 'no-stream', events: events(1) }));
      await reader.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      await reader.query('SELECT 1');
      await writer.end('COMMIT');
      const [row] = (await reader.query<{ horizon: string; newest_hidden: string | null }>(statements(schema).horizon)).rows;
      // The writer's row is not in the reader's snapshot: reading past it would skip it for good.
      expect(row!.horizon).toBe(writer.xid);
      expect(row!.newest_hidden).not.toBeNull();
    } finally {
      await reader.query('ROLLBACK').catch(() => undefined);
      await reader.end();
      await writer.end('ROLLBACK');
      await cleanup();
    }
  });
});
