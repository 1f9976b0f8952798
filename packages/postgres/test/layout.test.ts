// Opening a store reads what the schema holds from the catalogs first: a read-only opening creates
// and changes nothing (and works for a role that may only SELECT), another application's `events`
// table is refused and left alone, and an up-to-date store opens without waiting for the log's lock.
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { InvalidStoreLocation } from '@rapport/core';
import { describeWithService, events, readAllEvents, stored, uniqueName } from '@rapport/core/testing';
import { openPostgresEventStore } from '../src/event-store.js';
import { RAW_METADATA, adminPool, closeAdminPool, freshStore, url } from './fresh-store.js';

const suite = await describeWithService('postgres');
afterAll(closeAdminPool);

const schemaExists = async (schema: string): Promise<boolean> =>
  ((await adminPool().query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])).rowCount ?? 0) > 0;

const dropSchema = (schema: string) => adminPool().query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);

suite('postgres store layout', () => {
  it('refuses options it cannot work with before connecting, naming them', async () => {
    // A pool of -2 once left the opening unsettled for ever.
    await expect(openPostgresEventStore(url, { poolSize: -2 })).rejects.toThrow('poolSize must be an integer ≥ 1, got -2');
    await expect(openPostgresEventStore(url, { queryTimeoutMillis: 0 })).rejects.toThrow(RangeError);
    await expect(openPostgresEventStore(url, { connectionTimeoutMillis: 'x' as never })).rejects.toThrow('connectionTimeoutMillis must be an integer ≥ 1, got x');
    await expect(openPostgresEventStore(url, { notifyIntervalMs: -5 })).rejects.toThrow(RangeError);
    await expect(openPostgresEventStore(url, { schema: '' })).rejects.toThrow('schema must be a non-empty string, got ""');
  });

  it('read-only: no store at the URL is InvalidStoreLocation, and nothing is created', async () => {
    const schema = uniqueName('rapport_missing');
    const opening = openPostgresEventStore(url, { schema, readOnly: true });
    await expect(opening).rejects.toBeInstanceOf(InvalidStoreLocation);
    await expect(opening).rejects.toThrow(`no Rapport store here (no table "${schema}".events); a command that only reads never creates one`);
    expect(await schemaExists(schema)).toBe(false);
  });

  it('refuses a log whose transaction ids run ahead of the server\'s (a database restored on another server), read-only or not', async () => {
    const { store, schema, cleanup } = await freshStore();
    try {
      stored(await store.append({ stream: 'client-A', expected: 'no-stream', events: events(2) }));
      await store.close();
      // What a pg_dump of a server further along leaves on a new one: ids its counter has not reached.
      await adminPool().query(`UPDATE "${schema}".events SET transaction_id = (pg_snapshot_xmax(pg_current_snapshot())::text::numeric + 1000000)::text::xid8`);
      for (const readOnly of [false, true]) {
        const opening = openPostgresEventStore(url, { schema, readOnly });
        await expect(opening).rejects.toBeInstanceOf(InvalidStoreLocation);
        await expect(opening).rejects.toThrow(/was copied from another PostgreSQL server .* Move a store between servers with rapport export and rapport import/);
      }
    } finally {
      await cleanup();
    }
  });

  it('read-only: reads an existing store and refuses appends', async () => {
    const { store, schema, cleanup } = await freshStore();
    try {
      const written = stored(await store.append({ stream: 'client-A', expected: 'no-stream', events: events(2) }));
      const reader = await openPostgresEventStore(url, { schema, readOnly: true });
      try {
        expect(await readAllEvents(reader)).toEqual(written);
        expect(await reader.identity()).toBe(await store.identity());
        await expect(reader.append({ stream: 'client-B', expected: 'no-stream', events: events(1) })).rejects.toThrow(/opened read-only: it takes no appends/);
      } finally {
        await reader.close();
      }
      expect(await readAllEvents(store)).toEqual(written);
    } finally {
      await cleanup();
    }
  });

  it('read-only: works for a role that may only SELECT the store', async () => {
    const { store, schema, cleanup } = await freshStore();
    const role = uniqueName('rapport_reader');
    try {
      const written = stored(await store.append({ stream: 'client-A', expected: 'no-stream', events: events(3) }));
      await adminPool().query(`CREATE ROLE "${role}" LOGIN`);
      await adminPool().query(`GRANT USAGE ON SCHEMA "${schema}" TO "${role}"`);
      await adminPool().query(`GRANT SELECT ON ALL TABLES IN SCHEMA "${schema}" TO "${role}"`);
      const asReader = new URL(url);
      asReader.username = role;
      const reader = await openPostgresEventStore(asReader.toString(), { schema, readOnly: true });
      try {
        expect(await readAllEvents(reader)).toEqual(written);
        expect(await reader.countAfter!(null)).toBe(3);
      } finally {
        await reader.close();
      }
    } finally {
      await cleanup();
      await adminPool().query(`DROP OWNED BY "${role}"`).catch(() => undefined);
      await adminPool().query(`DROP ROLE IF EXISTS "${role}"`);
    }
  });

  it('another application\'s events table is refused, read-only or not, and left as it was', async () => {
    const schema = uniqueName('rapport_foreign');
    try {
      await adminPool().query(`CREATE SCHEMA "${schema}"`);
      await adminPool().query(`CREATE TABLE "${schema}".events (id int PRIMARY KEY, name text)`);
      for (const readOnly of [true, false]) {
        const opening = openPostgresEventStore(url, { schema, readOnly });
        await expect(opening).rejects.toBeInstanceOf(InvalidStoreLocation);
        await expect(opening).rejects.toThrow(`"${schema}".events is not a Rapport event log (it has no column position, stream, stream_version, type, data, metadata)`);
      }
      const { rows } = await adminPool().query<{ columns: string[] }>(
        `SELECT array_agg(attname::text ORDER BY attnum) AS columns FROM pg_attribute WHERE attrelid = '"${schema}".events'::regclass AND attnum > 0 AND NOT attisdropped`,
      );
      expect(rows[0]?.columns).toEqual(['id', 'name']);
      expect((await adminPool().query(`SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = 'meta'`, [schema])).rowCount).toBe(0);
    } finally {
      await dropSchema(schema);
    }
  });

  it('another application\'s meta table is refused too, and left as it was: never failed against, never its identity taken', async () => {
    for (const [table, why] of [
      ['CREATE TABLE "S".meta (id serial PRIMARY KEY, name text)', 'it has no column key, value'],
      // The right columns, with another application's own identity row: no Rapport log beside it.
      ['CREATE TABLE "S".meta (key text PRIMARY KEY, value text); INSERT INTO "S".meta VALUES (\'identity\', \'tenant-7\')', 'there is no Rapport event log beside it'],
    ] as const) {
      const schema = uniqueName('rapport_foreign_meta');
      try {
        await adminPool().query(`CREATE SCHEMA "${schema}"`);
        await adminPool().query(table.replaceAll('"S"', `"${schema}"`));
        for (const readOnly of [true, false]) {
          const opening = openPostgresEventStore(url, { schema, readOnly });
          await expect(opening).rejects.toBeInstanceOf(InvalidStoreLocation);
          await expect(opening).rejects.toThrow(`"${schema}".meta is another application's table (${why}); Rapport leaves it as it is`);
        }
        expect((await adminPool().query(`SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = 'events'`, [schema])).rowCount).toBe(0);
      } finally {
        await dropSchema(schema);
      }
    }
  });

  it('an up-to-date store opens while a writer holds the log open, taking no lock on it', async () => {
    const { schema, cleanup } = await freshStore();
    const writer = new pg.Client({ connectionString: url });
    await writer.connect();
    try {
      await writer.query('BEGIN');
      await writer.query(`INSERT INTO "${schema}".events (stream, stream_version, type, data, metadata) VALUES ('held', 0, 'Held', '{}', '${RAW_METADATA}')`);
      // CREATE INDEX IF NOT EXISTS would wait for that transaction: the opening would time out.
      for (const readOnly of [false, true]) {
        const other = await openPostgresEventStore(url, { schema, readOnly, queryTimeoutMillis: 2000 });
        await other.close();
      }
    } finally {
      await writer.query('ROLLBACK').catch(() => undefined);
      await writer.end();
      await cleanup();
    }
  });

  it('read-only refuses a store an older Rapport wrote; opening it to write brings it up to date', async () => {
    const { store, schema, cleanup } = await freshStore();
    try {
      stored(await store.append({ stream: 'client-A', expected: 'no-stream', events: events(1) }));
      await adminPool().query(`DROP INDEX "${schema}".events_log_order`);
      await expect(openPostgresEventStore(url, { schema, readOnly: true })).rejects.toThrow(/was written by an older Rapport \(no log-order index\); open it once with a command that writes/);
      const writer = await openPostgresEventStore(url, { schema });
      await writer.close();
      const reader = await openPostgresEventStore(url, { schema, readOnly: true });
      expect(await readAllEvents(reader)).toHaveLength(1);
      await reader.close();
    } finally {
      await cleanup();
    }
  });
});
