// How far a read of the log may go (schema.ts: `readableBelow`). A follower reads what is readable
// now. A read of the whole log (reports, rebuilds, verify, export) must reach every event committed
// before it, whichever process committed it, but one committed behind an older writer still open
// stays hidden until that writer ends: answered at once, a report asked right after that commit
// would leave it out. (This process's own writes under way are waited for separately,
// writes-in-flight.ts.) So such a read first asks for the newest committed transaction it cannot
// see yet and waits until the horizon has passed it; an append's INSERT ends in milliseconds. A
// writer held open longer fails the read after `limitMs`, naming it, rather than have it answered
// without those events.
import { setTimeout as sleep } from 'node:timers/promises';
import { StoreUnavailable } from '@rapport/core';
import type { Statements } from './schema.js';

type Query = <R extends Record<string, unknown>>(text: string, values: unknown[]) => Promise<R[]>;

export interface ReadHorizonContext {
  readonly query: Query;
  readonly sql: Statements;
  /** The longest a read of the whole log waits for hidden commits; then it fails. */
  readonly limitMs: number;
  /** The store's name, for the error. */
  readonly name: string;
}

export interface ReadHorizon {
  /** The transaction id readers stay below now (as text: xid8 is 64 bits). */
  readable(): Promise<string>;
  /** One that every event committed before the call lies below; throws StoreUnavailable after the limit. */
  committed(): Promise<string>;
}

/** The first pause between two looks, and the longest: a hidden row usually shows within a few ms. */
const FIRST_PAUSE_MS = 1;
const LONGEST_PAUSE_MS = 50;

const writerAt = async (query: Query, sql: Statements, horizon: string): Promise<string> => {
  try {
    const [row] = await query<{ pid: number; datname: string | null; xact_start: Date | null }>(sql.transactionAt, [horizon]);
    if (row === undefined) return '';
    const since = row.xact_start === null ? '' : `, open since ${row.xact_start.toISOString()}`;
    return ` (server process ${row.pid}${row.datname === null ? '' : `, database ${row.datname}`}${since})`;
  } catch {
    // Naming it is a courtesy: a role that may not read pg_stat_activity still gets the error.
    return '';
  }
};

export const createReadHorizon = ({ query, sql, limitMs, name }: ReadHorizonContext): ReadHorizon => {
  const look = async (): Promise<{ horizon: string; newest_hidden: string | null }> => {
    const [row] = await query<{ horizon: string; newest_hidden: string | null }>(sql.horizon, []);
    if (row === undefined) throw new Error(`${name}: the horizon query returned no row`);
    return row;
  };
  return {
    readable: async () => (await look()).horizon,
    committed: async () => {
      const first = await look();
      if (first.newest_hidden === null) return first.horizon;
      const hidden = BigInt(first.newest_hidden);
      const deadline = Date.now() + limitMs;
      for (let pause = FIRST_PAUSE_MS; ; pause = Math.min(pause * 2, LONGEST_PAUSE_MS)) {
        await sleep(Math.min(pause, Math.max(1, deadline - Date.now())));
        const { horizon } = await look();
        if (BigInt(horizon) > hidden) return horizon;
        if (Date.now() >= deadline) {
          throw new StoreUnavailable(
            `${name}: events committed before this read are still hidden behind transaction ${horizon}${await writerAt(query, sql, horizon)}, ` +
              `a writer of this store's log that has not ended after ${limitMs / 1000} s; readers of the log stay below the oldest writer still open, and answering now would leave those events out`,
          );
        }
      }
    },
  };
};
