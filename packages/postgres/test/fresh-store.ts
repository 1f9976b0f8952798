// A PostgreSQL event store in a schema of its own for each test, dropped afterwards so that runs
// never see each other's events, and the admin pool that drops it (and lets a test look under the store).
import pg from 'pg';
import { serviceUrl, uniqueName } from '@rapport/core/testing';
import { openPostgresEventStore, type PostgresEventStoreOptions } from '../src/event-store.js';

export const url = serviceUrl('postgres');

let admin: pg.Pool | undefined;
export const adminPool = (): pg.Pool => (admin ??= new pg.Pool({ connectionString: url, max: 2 }));

/** Ends the admin pool: each test file calls it in its afterAll. */
export const closeAdminPool = async (): Promise<void> => {
  await admin?.end();
  admin = undefined;
};

const dropSchema = async (schema: string): Promise<void> => {
  await adminPool().query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
};

/** A store in a fresh schema, and the cleanup that closes it and drops the schema. */
export const freshStore = async (options: PostgresEventStoreOptions = {}) => {
  const schema = uniqueName('rapport_test');
  const store = await openPostgresEventStore(url, { ...options, schema });
  return { store, schema, cleanup: async () => { await store.close(); await dropSchema(schema); } };
};

/**
 * Metadata of the shape every stored event has, for rows tests write raw (a writer outside the
 * store, a transaction held open): a read refuses a row whose metadata is not an event's.
 */
export const RAW_METADATA = JSON.stringify({
  occurredAt: '2024-01-01T00:00:00.000Z',
  recordedAt: '2024-01-01T00:00:00.000Z',
  actor: 'test',
  commandId: null,
  correlationId: null,
  causationId: null,
  schemaVersion: 1,
  hash: '0'.repeat(64),
});
