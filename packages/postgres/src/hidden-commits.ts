// Reads that reach every event committed before them, whichever process committed it. A reader
// sees the log only below the oldest transaction still open (schema.ts), so an event another
// process has committed stays hidden while a transaction that began before it is still open: a
// report asked right after that commit would be answered without it. (This process's own writes
// under way are waited for separately, writes-in-flight.ts.) So before such a read the store asks
// for the newest committed transaction it cannot see yet and waits until every transaction up to
// it has ended; an append's INSERT ends in milliseconds. A transaction held open longer (anywhere
// on the server: the oldest one counts, whatever its database) fails the read after `limitMs`,
// naming it, rather than have it answered without those events.
import { setTimeout as sleep } from 'node:timers/promises';
import { StoreUnavailable } from '@rapport/core';
import type { Statements } from './schema.js';

type Query = <R extends Record<string, unknown>>(text: string, values: unknown[]) => Promise<R[]>;

export interface HiddenCommitsContext {
  readonly query: Query;
  readonly sql: Statements;
  /** The longest a read waits for them; then it fails. */
  readonly limitMs: number;
  /** The store's name, for the error. */
  readonly name: string;
}

/** The first pause between two looks, and the longest: a hidden row usually shows within a few ms. */
const FIRST_PAUSE_MS = 1;
const LONGEST_PAUSE_MS = 50;

const blockerOf = async (query: Query, sql: Statements): Promise<string> => {
  try {
    const [row] = await query<{ pid: number; datname: string | null; xact_start: Date | null }>(sql.oldestOpenTransaction, []);
    if (row === undefined) return '';
    const since = row.xact_start === null ? '' : `, open since ${row.xact_start.toISOString()}`;
    return ` (server process ${row.pid}${row.datname === null ? '' : `, database ${row.datname}`}${since})`;
  } catch {
    // Naming it is a courtesy: a role that may not read pg_stat_activity still gets the error.
    return '';
  }
};

/** Resolves once every event committed before the call can be read; throws StoreUnavailable after the limit. */
export const createHiddenCommitsWait =
  ({ query, sql, limitMs, name }: HiddenCommitsContext) =>
  async (): Promise<void> => {
    const [hidden] = await query<{ newest: string }>(sql.newestHiddenTransaction, []);
    if (hidden === undefined) return;
    const deadline = Date.now() + limitMs;
    for (let pause = FIRST_PAUSE_MS; ; pause = Math.min(pause * 2, LONGEST_PAUSE_MS)) {
      const [row] = await query<{ passed: boolean; oldest: string }>(sql.transactionsEndedThrough, [hidden.newest]);
      if (row?.passed !== false) return;
      if (Date.now() >= deadline) {
        throw new StoreUnavailable(
          `${name}: events committed before this read are still hidden behind transaction ${row.oldest}${await blockerOf(query, sql)}, ` +
            `which has not ended after ${limitMs / 1000} s; readers of the log stay below the oldest transaction still open, and answering now would leave those events out`,
        );
      }
      await sleep(Math.min(pause, Math.max(1, deadline - Date.now())));
    }
  };
