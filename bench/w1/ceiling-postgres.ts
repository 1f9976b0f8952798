// W1.ceiling.postgres: the W1 rows (ceiling-rows.ts) inserted by the PostgreSQL store's own INSERT
// statement into its own table and indexes (the store creates them), one named statement per event
// through a pg.Pool set up as the store's: the floor of one durable append, the round trip and WAL
// flush every side of W1 PostgreSQL waits for, with no command, check or hash around it.
import pg from 'pg';
import { openPostgresEventStore } from '@rapport/postgres';
import { statements } from '../../packages/postgres/src/schema.js';
import { createThrowawayDatabase } from '../support/pg-database.js';
import { w1Rows } from './ceiling-rows.js';
import { timedClients, type W1Side, type W1Size } from './sides.js';

export const ceilingPostgresW1 = async (adminUrl: string, size: W1Size, concurrency: number): Promise<W1Side> => {
  const rows = w1Rows(size);
  const db = await createThrowawayDatabase('bench_ceiling', adminUrl);
  const pool = new pg.Pool({ connectionString: db.url, max: Math.max(10, concurrency), query_timeout: 10_000, keepAlive: true });
  pool.on('error', () => undefined); // an idle client killed by DROP DATABASE … WITH (FORCE)
  const release = async (): Promise<void> => {
    try {
      await pool.end();
    } finally {
      await db.drop();
    }
  };
  try {
    await (await openPostgresEventStore(db.url)).close();
  } catch (error) {
    await release();
    throw error;
  }
  const text = statements('public').insertEvent;
  return {
    run: (from, to) =>
      timedClients(from, to, concurrency, async (c) => {
        for (let i = c * size.commandsPerClient; i < (c + 1) * size.commandsPerClient; i++) await pool.query({ name: 'w1-ceiling-insert', text, values: rows[i]! });
      }),
    check: async () => {
      const { rows: counted } = await pool.query<{ count: string }>('SELECT count(*) AS count FROM public.events');
      if (Number(counted[0]?.count) !== rows.length) throw new Error(`W1 PostgreSQL ceiling: ${counted[0]?.count} rows of ${rows.length}`);
    },
    close: release,
  };
};
