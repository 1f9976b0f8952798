// A read of the whole log reaches every event committed before it, even one another process
// committed while an older transaction was still open (which keeps it from readers until it ends):
// the read waits for it, and fails, naming the transaction, rather than leave it out for ever.
import { afterAll, expect, it } from 'vitest';
import type pg from 'pg';
import { StoreUnavailable, createRapport } from '@rapport/core';
import { describeWithService, events, readAllEvents, stored } from '@rapport/core/testing';
import { createMemoryReadModelStore } from '@rapport/core';
import { openPostgresEventStore } from '../src/event-store.js';
import { adminPool, closeAdminPool, freshStore, url } from './fresh-store.js';

const suite = await describeWithService('postgres');
afterAll(closeAdminPool);

interface OpenTransaction {
  readonly client: pg.PoolClient;
  /** Commits or rolls back, once (the finally blocks end it again in case a test failed before). */
  end(how: 'COMMIT' | 'ROLLBACK'): Promise<void>;
}

/** A transaction that has drawn its id and stays open: what a stalled writer anywhere on the server holds. */
const openTransaction = async (): Promise<OpenTransaction> => {
  const client = await adminPool().connect();
  await client.query('BEGIN');
  await client.query('SELECT pg_current_xact_id()');
  let ended = false;
  return {
    client,
    end: async (how) => {
      if (ended) return;
      ended = true;
      await client.query(how).catch(() => undefined);
      client.release();
    },
  };
};

suite('postgres event store: events committed behind an open transaction', () => {
  it('readAll waits until they are readable; a follower reads what is readable now', async () => {
    const { store, schema, cleanup } = await freshStore();
    // Another process's store: its append has ended, so nothing of it is under way in this one.
    const other = await openPostgresEventStore(url, { schema });
    const older = await openTransaction();
    try {
      const appended = stored(await other.append({ stream: 'client-A', expected: 'no-stream', events: events(2) }));
      // Committed, and hidden: a follower's read does not see it yet.
      expect(await readAllEvents(store, { upTo: 'readable' })).toEqual([]);
      let ended = false;
      const read = readAllEvents(store).then((all) => ({ all, ended }));
      await new Promise((resolve) => setTimeout(resolve, 150));
      ended = true;
      await older.end('COMMIT');
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
    const older = await openTransaction();
    try {
      stored(await other.append({ stream: 'client-A', expected: 'no-stream', events: events(1) }));
      const [{ pid }] = (await older.client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows as [{ pid: number }];
      const started = Date.now();
      const failure = await readAllEvents(store).then(
        () => null,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(StoreUnavailable);
      const named = /still hidden behind transaction \d+ \(server process (\d+), database \w+, open since [0-9T:.Z-]+\), which has not ended after 0\.2 s/.exec((failure as Error).message);
      expect(named, (failure as Error).message).not.toBeNull();
      // Ours, unless another suite's transaction on the server is older still: the oldest is the one named.
      const blocker = Number(named![1]);
      if (blocker !== pid) {
        const { rows } = await adminPool().query<{ older: boolean }>(
          'SELECT (SELECT xact_start FROM pg_stat_activity WHERE pid = $1) <= (SELECT xact_start FROM pg_stat_activity WHERE pid = $2) AS older',
          [blocker, pid],
        );
        expect(rows[0]?.older, `server process ${blocker} named instead of ${pid}`).not.toBe(false);
      }
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
      older = await openTransaction();
      expect((await writer.execute({ type: 'RegisterClient', commandId: 'c3', occurredAt: at, actor: 'test', clientId: 'C2', name: 'Second Ltd', ownerId: 'S1' })).status).toBe('applied');
      const asked = reader.lifecycle({ asOf: '2024-03-02T00:00:00.000Z' });
      setTimeout(() => void older!.end('COMMIT'), 100);
      expect((await asked).counts.prospect).toBe(2);
    } finally {
      if (older !== undefined) await older.end('ROLLBACK');
      await other.close();
      await cleanup();
    }
  });
});
