// What a schema holds before a store opens on it, read from the catalogs only. Opening never takes
// a lock on the log when there is nothing to change (CREATE INDEX IF NOT EXISTS would wait behind
// any open writer of the table), a command that only reads never creates or changes anything, and
// another application's `events` or `meta` table is never taken for Rapport's or altered (its
// `meta` would have given the store another application's identity, or failed every write).
import type pg from 'pg';
import type { Statements } from './schema.js';

/** The columns of Rapport's events table, every layout since 0.2 (transaction_id came later). */
const LOG_COLUMNS = ['position', 'stream', 'stream_version', 'type', 'data', 'metadata'] as const;
/** The columns of Rapport's meta table (the store's identity). */
const META_COLUMNS = ['key', 'value'] as const;

export type Layout =
  | { readonly kind: 'missing' }
  /** A table named `table` that is not Rapport's: the columns it lacks (none: it has no Rapport log beside it). */
  | { readonly kind: 'foreign'; readonly table: 'events' | 'meta'; readonly lacks: readonly string[] }
  /** A Rapport log; `outdated` names what an opening that may write brings up to date. */
  | { readonly kind: 'log'; readonly outdated: readonly string[] };

interface LayoutRow {
  readonly event_columns: string[];
  readonly log_order: boolean;
  readonly notify_trigger: boolean;
  readonly meta_columns: string[];
}

export const inspectLayout = async (pool: pg.Pool, sql: Statements, schema: string): Promise<Layout> => {
  const { rows } = await pool.query<LayoutRow>(sql.layout, [schema]);
  const row = rows[0];
  const meta = row?.meta_columns ?? [];
  const metaLacks = META_COLUMNS.filter((column) => !meta.includes(column));
  if (meta.length > 0 && metaLacks.length > 0) return { kind: 'foreign', table: 'meta', lacks: metaLacks };
  if (row === undefined || row.event_columns.length === 0) {
    // Rapport creates its meta table with its log, in one transaction: one alone is another's.
    return meta.length > 0 ? { kind: 'foreign', table: 'meta', lacks: [] } : { kind: 'missing' };
  }
  const lacks = LOG_COLUMNS.filter((column) => !row.event_columns.includes(column));
  if (lacks.length > 0) return { kind: 'foreign', table: 'events', lacks };
  const outdated: string[] = [];
  if (!row.event_columns.includes('transaction_id')) outdated.push('no transaction_id column (a store of Rapport 0.2)');
  if (!row.log_order) outdated.push('no log-order index');
  if (row.notify_trigger) outdated.push('a notify trigger of an older layout');
  if (meta.length === 0 || (await pool.query(sql.identity)).rowCount === 0) outdated.push('no store identity');
  return { kind: 'log', outdated };
};
