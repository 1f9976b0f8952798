// Creates what an event store needs in its schema, or brings an older layout up to date, in one
// transaction: the events table with its transaction ids and log-order index, the meta table
// with the store's identity, and no statement trigger left from the layout before the notifier.
import type pg from 'pg';
import { isQueryTimeout } from './errors.js';
import type { Statements } from './schema.js';

export const migrate = async (pool: pg.Pool, sql: Statements, schema: string): Promise<void> => {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // Two stores opening at once on a new schema would race on CREATE … IF NOT EXISTS.
    await client.query(sql.lockSchema, [schema]);
    if (schema !== 'public') await client.query(sql.createSchema);
    await client.query(sql.createEvents);
    if ((await client.query(sql.hasTransactionId, [schema])).rowCount === 0) {
      await client.query(sql.addTransactionId);
      await client.query(sql.defaultTransactionId);
    }
    await client.query(sql.indexLogOrder);
    await client.query(sql.createMeta);
    await client.query(sql.insertIdentity);
    // Checked first: dropping a trigger locks the table against appends, however briefly.
    if ((await client.query(sql.hasNotifyTrigger)).rowCount !== 0) {
      await client.query(sql.dropNotifyTrigger);
      await client.query(sql.dropNotifyFunction);
    }
    await client.query('COMMIT');
  } catch (cause) {
    // A server that stopped answering would make the ROLLBACK wait out a second time-out; the
    // connection is destroyed below instead, which ends the transaction too.
    if (!isQueryTimeout(cause)) await client.query('ROLLBACK').catch(() => undefined);
    client.release(cause instanceof Error ? cause : true);
    throw cause;
  }
  client.release();
};
