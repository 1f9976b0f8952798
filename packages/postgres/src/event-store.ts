// The PostgreSQL event store: one `events` table whose BIGSERIAL orders rows within a transaction
// and whose transaction id orders transactions (see schema.ts for why readers go by both). Appends
// are appends.ts's single INSERTs; this file opens the store, reads the log and wakes followers.
import pg from 'pg';
import { InvalidStoreLocation, StoreUnavailable, type EventStore, type LogPosition, type ReadAllOptions } from '@rapport/core';
import { redactUrl, batchSizeOf, parseStoredPage } from '@rapport/core/store-kit';
import { createAppendAll } from './appends.js';
import { isMissingDatabase, isRefusedLogin, messageOf } from './errors.js';
import { toRecordedEvent } from './event-rows.js';
import { createHeadCache } from './head-cache.js';
import { createReadHorizon } from './read-horizon.js';
import { createLiveFollowers } from './follow.js';
import { createNotifier } from './notifier.js';
import { writesInFlight } from './writes-in-flight.js';
import { inspectLayout } from './layout.js';
import { migrate } from './migrate.js';
import { quoteIdentifier, statements, type EventRow, type Statements } from './schema.js';

export interface PostgresEventStoreOptions {
  /** Source of recordedAt; the only place the store reads time. */
  readonly clock?: () => Date;
  /** The schema holding the events table, created if missing (unless readOnly); default `public`. */
  readonly schema?: string;
  /**
   * Open an existing store only to read it: nothing is created or brought up to date, so it works
   * for a role that may only SELECT; no store at the URL is InvalidStoreLocation, and appends are
   * refused.
   */
  readonly readOnly?: boolean;
  /** How long to wait for a connection before the store counts as unavailable; default 5 s. */
  readonly connectionTimeoutMillis?: number;
  /**
   * How long a statement may wait for the server's answer before the store counts as unavailable;
   * default 10 s. A server that accepted the connection and then stopped answering would otherwise
   * hang the caller for ever; the connection is then dropped, not reused.
   */
  readonly queryTimeoutMillis?: number;
  /** Connections in the pool; default 10. */
  readonly poolSize?: number;
  /** Streams whose head the store remembers between appends; default 10,000. */
  readonly headCacheSize?: number;
  /**
   * While appends keep coming, the longest a live follower (`rapport project --follow`, in any
   * process) waits for the NOTIFY that wakes it; default 10 ms. The first append after a quiet
   * spell notifies at once; close() sends what is owed.
   */
  readonly notifyIntervalMs?: number;
  /**
   * How long a read of the whole log (readAll up to `committed`: reports, rebuilds, verify,
   * export) waits for events other processes have committed but readers cannot see yet, behind an
   * older writer of the log still open; then it fails rather than leave them out. Default 10 s.
   */
  readonly hiddenCommitsWaitMillis?: number;
}

export interface PostgresEventStore extends EventStore {
  readonly appendBatch: NonNullable<EventStore['appendBatch']>;
}

/** How long close() waits to send what it owes followers. */
const NOTIFY_FLUSH_LIMIT_MS = 1000;

/** The caller's mistakes in options, named, before anything connects (a pool of -2 never settled). */
const checkOptions = (options: PostgresEventStoreOptions): void => {
  if (options.schema !== undefined && (typeof options.schema !== 'string' || options.schema === '')) throw new TypeError(`schema must be a non-empty string, got ${JSON.stringify(options.schema)}`);
  const whole = (name: keyof PostgresEventStoreOptions, min: number): void => {
    const value = options[name];
    if (value !== undefined && (!Number.isSafeInteger(value) || (value as number) < min)) throw new RangeError(`${name} must be an integer ≥ ${min}, got ${String(value)}`);
  };
  whole('poolSize', 1);
  whole('headCacheSize', 1);
  whole('connectionTimeoutMillis', 1);
  whole('queryTimeoutMillis', 1);
  whole('hiddenCommitsWaitMillis', 0);
  whole('notifyIntervalMs', 0);
};

/**
 * Connects, creates the schema and table if missing, and returns the store; throws
 * StoreUnavailable when the server cannot be reached or refuses.
 */
export const openPostgresEventStore = async (connectionString: string, options: PostgresEventStoreOptions = {}): Promise<PostgresEventStore> => {
  checkOptions(options);
  const schema = options.schema ?? 'public';
  const clock = options.clock ?? (() => new Date());
  const sql: Statements = statements(schema);
  const name = `PostgreSQL event store ${redactUrl(connectionString)}${schema === 'public' ? '' : ` (schema ${schema})`}`;
  const pool = new pg.Pool({
    connectionString,
    connectionTimeoutMillis: options.connectionTimeoutMillis ?? 5000,
    query_timeout: options.queryTimeoutMillis ?? 10_000,
    // A server that vanishes without closing the connection is noticed by TCP, not only by a time-out.
    keepAlive: true,
    max: options.poolSize ?? 10,
  });
  // An idle connection that breaks (server restart) is dropped by the pool; without a listener the
  // error event would crash the process. The next query reports the failure.
  pool.on('error', () => undefined);
  const heads = createHeadCache(options.headCacheSize ?? 10_000);
  const notifier = createNotifier(() => pool.query(sql.notify), options.notifyIntervalMs ?? 10);
  let closed = false;

  // Nothing above the port sees a driver error. TypeError and RangeError are the caller's own
  // mistakes (data that is not JSON, a bad batch size), not the store's, and keep their type.
  const unavailable = (cause: unknown): Error =>
    cause instanceof StoreUnavailable || cause instanceof TypeError || cause instanceof RangeError
      ? cause
      : new StoreUnavailable(`${name}: ${messageOf(cause)}`, { cause });

  const ensureOpen = (): void => {
    if (closed) throw new StoreUnavailable(`${name} is closed`);
  };

  const readOnly = options.readOnly === true;
  try {
    const layout = await inspectLayout(pool, sql, schema);
    if (layout.kind === 'foreign' && layout.table === 'events') {
      throw new InvalidStoreLocation(`${name}: ${quoteIdentifier(schema)}.events is not a Rapport event log (it has no column ${layout.lacks.join(', ')}); Rapport leaves it as it is`);
    }
    if (layout.kind === 'foreign') {
      const why = layout.lacks.length > 0 ? `it has no column ${layout.lacks.join(', ')}` : 'there is no Rapport event log beside it';
      throw new InvalidStoreLocation(`${name}: ${quoteIdentifier(schema)}.meta is another application's table (${why}); Rapport leaves it as it is: give its store a schema of its own (?schema=)`);
    }
    if (readOnly && layout.kind === 'missing') {
      throw new InvalidStoreLocation(`${name}: no Rapport store here (no table ${quoteIdentifier(schema)}.events); a command that only reads never creates one`);
    }
    if (readOnly && layout.kind === 'log' && layout.outdated.length > 0) {
      throw new InvalidStoreLocation(`${name} was written by an older Rapport (${layout.outdated.join(', ')}); open it once with a command that writes (rapport apply) to bring it up to date`);
    }
    if (!readOnly && (layout.kind === 'missing' || layout.outdated.length > 0)) await migrate(pool, sql, schema);
    // The log is read in transaction-id order, below the oldest writer still open (schema.ts):
    // ids from another server's counter would hide the log from every read until this server's
    // caught up, and put every new append before it.
    if (layout.kind === 'log') {
      const { rows } = await pool.query<{ newest: string; next: string }>({ name: 'rapport-ids-ahead', text: sql.idsAhead });
      const ahead = rows[0];
      if (ahead !== undefined) {
        throw new InvalidStoreLocation(
          `${name}: its events carry transaction ids up to ${ahead.newest}, beyond the ${ahead.next} this server hands out next: the database was copied from another PostgreSQL server (pg_dump and restore, or its backup), and Rapport orders the log by the ids of the server that wrote it. Move a store between servers with rapport export and rapport import.`,
        );
      }
    }
  } catch (cause) {
    await pool.end().catch(() => undefined);
    if (cause instanceof InvalidStoreLocation) throw cause;
    // A database the server does not have, or a login it refuses, is a wrong URL (CLI exit 2), not
    // an outage: the server answered, and asking again will not change its answer.
    if (isMissingDatabase(cause) || isRefusedLogin(cause)) throw new InvalidStoreLocation(`${name}: ${messageOf(cause)}`, { cause });
    throw unavailable(cause);
  }

  /**
   * Before a read of the log: waits for this process's writes under way now, which would hide the
   * appends it has finished (writes-in-flight.ts). Once per read: a readAll that waited again
   * for every page would chase a busy writer of its own process and never reach an empty page.
   */
  const afterWritesUnderWay = async (): Promise<void> => {
    const writing = writesInFlight();
    if (writing !== undefined) await writing;
  };

  const readLog = async <R extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<R[]> => {
    await afterWritesUnderWay();
    return query<R>(text, values);
  };

  /** `name`: a statement each connection parses and plans once (the ones run per command or batch). */
  const query = async <R extends pg.QueryResultRow>(text: string, values: unknown[], name?: string): Promise<R[]> => {
    ensureOpen();
    try {
      return (await pool.query<R>(name === undefined ? { text, values } : { name, text, values })).rows;
    } catch (cause) {
      throw unavailable(cause);
    }
  };

  const horizon = createReadHorizon({ query, sql, limitMs: options.hiddenCommitsWaitMillis ?? 10_000, name });

  const followers = createLiveFollowers({
    connectionString,
    connectionTimeoutMillis: options.connectionTimeoutMillis ?? 5000,
    listenSql: sql.listen,
    pendingAfter: async (after) => {
      const from = after ?? { commit: 0n, prepare: 0n };
      const [row] = await readLog<{ readable: boolean; any: boolean }>(sql.pendingAfter, [from.commit.toString(), from.prepare.toString()]);
      return { readable: row?.readable === true, any: row?.any === true };
    },
    isClosed: () => closed,
  });
  /** After a commit: this process's followers read now, other processes' when the NOTIFY comes. */
  const committedAppend = (notified: boolean): void => {
    if (!notified) notifier.poke();
    followers.committed();
  };
  const writeAll = createAppendAll({ pool, sql, clock, heads, notifier, committedAppend, unavailable, ensureOpen, queryTimeoutMillis: options.queryTimeoutMillis ?? 10_000 });
  const appendAll: typeof writeAll = readOnly
    ? async () => {
        throw new TypeError(`${name} was opened read-only: it takes no appends`);
      }
    : writeAll;

  return {
    append: (request) => appendAll([request]),
    appendBatch: (requests) => appendAll(requests),
    readStream: async (stream) => (await query<EventRow>(sql.readStream, [stream], 'rapport-read-stream')).map(toRecordedEvent),
    async *readAll(readOptions: ReadAllOptions = {}) {
      const batchSize = batchSizeOf(readOptions);
      let after: LogPosition = readOptions.after ?? { commit: 0n, prepare: 0n };
      await afterWritesUnderWay();
      const below = readOptions.upTo === 'readable' ? await horizon.readable() : await horizon.committed();
      for (;;) {
        const rows = await query<EventRow>(sql.readAll, [after.commit.toString(), after.prepare.toString(), batchSize, below]);
        if (rows.length === 0) return;
        const { events: batch, damaged } = parseStoredPage(rows, toRecordedEvent);
        if (batch.length > 0) {
          after = batch[batch.length - 1]!.position;
          yield batch;
        }
        if (damaged !== null) throw damaged;
      }
    },
    waitForAppends: async (after, waitOptions) => {
      ensureOpen();
      return followers.waitForAppends(after, waitOptions);
    },
    countAfter: async (after) => {
      const from = after ?? { commit: 0n, prepare: 0n };
      const [row] = await readLog<{ count: string }>(sql.countAfter, [from.commit.toString(), from.prepare.toString()]);
      return Number(row?.count ?? 0);
    },
    identity: async () => {
      const [row] = await query<{ value: string }>(sql.identity, []);
      if (row === undefined) throw new StoreUnavailable(`${name}: the store has no identity row`);
      return `postgres:${row.value}`;
    },
    close: async () => {
      if (closed) return;
      closed = true;
      followers.wakeAll();
      await notifier.flush(NOTIFY_FLUSH_LIMIT_MS);
      await followers.close();
      await pool.end();
    },
  };
};

