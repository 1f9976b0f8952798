// What a schema holds before a store opens on it, read from the catalogs only. Opening never takes
// a lock on the log when there is nothing to change (CREATE INDEX IF NOT EXISTS would wait behind
// any open writer of the table), a command that only reads never creates or changes anything, and
// another application's `events` table is never taken for a log or altered.
import type pg from 'pg';
import type { Statements } from './schema.js';

/** The columns of Rapport's events table, every layout since 0.2 (transaction_id came later). */
const LOG_COLUMNS = ['position', 'stream', 'stream_version', 'type', 'data', 'metadata'] as const;

export type Layout =
  | { readonly kind: 'missing' }
  /** A table named events that is not a Rapport log: the columns it lacks. */
  | { readonly kind: 'foreign'; readonly lacks: readonly string[] }
  /** A Rapport log; `outdated` names what an opening that may write brings up to date. */
  | { readonly kind: 'log'; readonly outdated: readonly string[] };

interface LayoutRow {
  readonly event_columns: string[];
  readonly log_order: boolean;
  readonly notify_trigger: boolean;
  readonly meta: boolean;
}

export const inspectLayout = async (pool: pg.Pool, sql: Statements, schema: string): Promise<Layout> => {
  const { rows } = await pool.query<LayoutRow>(sql.layout, [schema]);
  const row = rows[0];
  if (row === undefined || row.event_columns.length === 0) return { kind: 'missing' };
  const lacks = LOG_COLUMNS.filter((column) => !row.event_columns.includes(column));
  if (lacks.length > 0) return { kind: 'foreign', lacks };
  const outdated: string[] = [];
  if (!row.event_columns.includes('transaction_id')) outdated.push('no transaction_id column (a store of Rapport 0.2)');
  if (!row.log_order) outdated.push('no log-order index');
  if (row.notify_trigger) outdated.push('a notify trigger of an older layout');
  if (!row.meta || (await pool.query(sql.identity)).rowCount === 0) outdated.push('no store identity');
  return { kind: 'log', outdated };
};
