// The PostgreSQL event store: one `events` table whose BIGSERIAL orders rows within a transaction
// and whose transaction id orders transactions (see schema.ts for why readers go by both). An
// append (or group commit) is one INSERT statement, atomic by itself: no writer lock, no
// BEGIN/COMMIT. The expected-revision check runs against the stream's head, read before the
// insert or remembered from this store's last append to it, and UNIQUE (stream, stream_version)
// catches any writer that got there in between.
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import pg from 'pg';
import { GENESIS_HASH, InvalidStoreLocation, StoreUnavailable, type AppendRequest, type EventStore, type LogPosition, type ReadAllOptions, type RecordedEvent, type StreamConflict } from '@rapport/core';
import { NO_STREAM, firstConflict, redactUrl, batchSizeOf, recordingInstant, sealRequests, type ChainHead, type SealedEvent } from '@rapport/core/store-kit';
import { isDuplicateKey, isMissingDatabase, isRetryable, messageOf } from './errors.js';
import { createGroupInsert, type InsertedRow } from './group-insert.js';
import { createHeadCache } from './head-cache.js';
import { createLiveFollowers } from './follow.js';
import { createNotifier } from './notifier.js';
import { endWrite, startWrite, writesInFlight } from './writes-in-flight.js';
import { migrate } from './migrate.js';
import { statements, type EventRow, type Statements } from './schema.js';

export interface PostgresEventStoreOptions {
  /** Source of recordedAt; the only place the store reads time. */
  readonly clock?: () => Date;
  /** The schema holding the events table, created if missing; default `public`. */
  readonly schema?: string;
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
}

export interface PostgresEventStore extends EventStore {
  readonly appendBatch: NonNullable<EventStore['appendBatch']>;
}

type Appended = Either<StreamConflict, readonly RecordedEvent[]>;

/** What one INSERT wrote, and whether its transaction also woke live followers. */
interface Inserted {
  readonly rows: readonly InsertedRow[];
  readonly notified: boolean;
}

/**
 * Tries of an append whose INSERT collided without a real conflict (a remembered head was behind,
 * or an `any` writer raced another), or hit a deadlock. Each collision means another writer's
 * append went in, so the store as a whole always progresses; the bound only stops one writer
 * from losing forever on a stream that is never quiet.
 */
const ATTEMPTS = 20;

/** How long close() waits to send what it owes followers. */
const NOTIFY_FLUSH_LIMIT_MS = 1000;

/**
 * INSERTs under way before further appends queue and go together (group-insert.ts). Two keeps a
 * lone writer and a pair of writers unhindered while ten in flight share a commit four or five at
 * a time.
 */
const GROUP_IN_FLIGHT = 2;

/**
 * Connects, creates the schema and table if missing, and returns the store; throws
 * StoreUnavailable when the server cannot be reached or refuses.
 */
export const openPostgresEventStore = async (connectionString: string, options: PostgresEventStoreOptions = {}): Promise<PostgresEventStore> => {
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

  try {
    await migrate(pool, sql, schema);
  } catch (cause) {
    await pool.end().catch(() => undefined);
    // A database the server does not have is a wrong URL (CLI exit 2), not an outage.
    if (isMissingDatabase(cause)) throw new InvalidStoreLocation(`${name}: ${messageOf(cause)}`, { cause });
    throw unavailable(cause);
  }

  const recordedHeads = async (streams: readonly string[]): Promise<Map<string, ChainHead>> => {
    const found = new Map<string, ChainHead>();
    for (const stream of streams) found.set(stream, { version: NO_STREAM, hash: GENESIS_HASH });
    const { rows } = await pool.query<{ stream: string; stream_version: number; metadata: string }>({ name: 'rapport-heads', text: sql.heads, values: [[...found.keys()]] });
    for (const row of rows) found.set(row.stream, { version: row.stream_version, hash: (JSON.parse(row.metadata) as { hash: string }).hash });
    return found;
  };

  /**
   * Heads without a round trip when every stream's is known: remembered, or a stream the writer
   * says is new (if it is not, the INSERT of version 0 collides). `any` always reads.
   */
  const assumedHeads = (requests: readonly AppendRequest[]): Map<string, ChainHead> | null => {
    const assumed = new Map<string, ChainHead>();
    for (const { stream, expected } of requests) {
      if (assumed.has(stream)) continue;
      if (expected === 'any') return null;
      const head = heads.get(stream) ?? (expected === 'no-stream' ? { version: NO_STREAM, hash: GENESIS_HASH } : undefined);
      if (head === undefined) return null;
      assumed.set(stream, head);
    }
    return assumed;
  };

  /**
   * One INSERT statement, atomic by itself; it also wakes live followers when a NOTIFY is due
   * (notifier.ts). Named: each connection parses and plans each of the four once.
   */
  const insertRows = async (sealed: readonly SealedEvent[]): Promise<Inserted> => {
    const [only] = sealed;
    const notifying = notifier.claim();
    let committed = false;
    let write: Promise<pg.QueryResult<InsertedRow>> | undefined;
    try {
      write = pool.query<InsertedRow>(
        sealed.length === 1 && only !== undefined
          ? {
              name: notifying ? 'rapport-insert-event-notifying' : 'rapport-insert-event',
              text: notifying ? sql.insertEventNotifying : sql.insertEvent,
              values: [only.stream, only.streamVersion, only.type, only.dataJson, only.metadataJson],
            }
          : {
              name: notifying ? 'rapport-insert-events-notifying' : 'rapport-insert-events',
              text: notifying ? sql.insertEventsNotifying : sql.insertEvents,
              values: [
                sealed.map((s) => s.stream),
                sealed.map((s) => s.streamVersion),
                sealed.map((s) => s.type),
                sealed.map((s) => s.dataJson),
                sealed.map((s) => s.metadataJson),
              ],
            },
      );
      startWrite(write);
      const { rows } = await write;
      committed = true;
      return { rows, notified: notifying };
    } finally {
      if (write !== undefined) endWrite(write);
      if (notifying) notifier.settle(committed);
    }
  };
  const groupInsert = createGroupInsert(insertRows, isDuplicateKey, GROUP_IN_FLIGHT);

  /** One try: the conflict, the stored events, or null when the INSERT collided. */
  const tryAppend = async (requests: readonly AppendRequest[], fresh: boolean): Promise<Appended | null> => {
    let chain = fresh ? null : assumedHeads(requests);
    // A conflict seen against remembered heads is reported against what is really recorded.
    if (chain !== null && firstConflict(requests, (stream) => chain!.get(stream)!.version) !== null) chain = null;
    chain ??= await recordedHeads(requests.map((r) => r.stream));
    const conflict = firstConflict(requests, (stream) => chain.get(stream)!.version);
    if (conflict !== null) return left(conflict);
    const sealed = sealRequests(requests, chain, recordingInstant(clock));
    if (sealed.length === 0) return right([]);
    let inserted: Inserted;
    try {
      inserted = (await groupInsert(sealed)) ?? (await insertRows(sealed));
    } catch (cause) {
      if (!isDuplicateKey(cause)) throw cause;
      for (const { stream } of requests) heads.forget(stream);
      return null;
    }
    const { rows, notified } = inserted;
    for (const [stream, head] of chain) heads.set(stream, head);
    committedAppend(notified);
    // Nearly every command appends one event: no map of positions for it.
    const only = sealed.length === 1 ? sealed[0] : undefined;
    const row = rows.length === 1 ? rows[0] : undefined;
    if (only !== undefined && row !== undefined && row.stream === only.stream && row.stream_version === only.streamVersion) {
      return right([only.recorded(logPosition(row.transaction_id, row.position))]);
    }
    // Matched by (stream, version) rather than trusting RETURNING's row order.
    const positions = new Map(rows.map((r) => [`${r.stream}\u0000${r.stream_version}`, logPosition(r.transaction_id, r.position)]));
    return right(sealed.map((s) => s.recorded(positions.get(`${s.stream}\u0000${s.streamVersion}`)!)));
  };

  /** After the last collision: the conflict against what is really recorded. */
  const conflictAfterDuplicate = async (requests: readonly AppendRequest[]): Promise<StreamConflict> => {
    const recorded = new Map<string, number>();
    for (const { stream } of requests) {
      if (recorded.has(stream)) continue;
      const { rows } = await pool.query<{ version: number | null }>(sql.lastVersion, [stream]);
      recorded.set(stream, rows[0]?.version ?? NO_STREAM);
    }
    const found = firstConflict(requests, (stream) => recorded.get(stream)!);
    if (found !== null) return found;
    const { stream, expected } = requests[0]!;
    const actual = recorded.get(stream)!;
    return { kind: 'StreamConflict', stream, expected, actual: actual === NO_STREAM ? 'no-stream' : actual };
  };

  const appendAll = async (requests: readonly AppendRequest[]): Promise<Appended> => {
    ensureOpen();
    if (requests.length === 0) return right([]);
    try {
      for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
        try {
          const result = await tryAppend(requests, attempt > 1);
          if (result !== null) return result;
        } catch (cause) {
          if (!isRetryable(cause) || attempt === ATTEMPTS) throw cause;
        }
      }
      return left(await conflictAfterDuplicate(requests));
    } catch (cause) {
      throw unavailable(cause);
    }
  };

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

  return {
    append: (request) => appendAll([request]),
    appendBatch: (requests) => appendAll(requests),
    readStream: async (stream) => (await query<EventRow>(sql.readStream, [stream], 'rapport-read-stream')).map(toRecordedEvent),
    async *readAll(readOptions: ReadAllOptions = {}) {
      const batchSize = batchSizeOf(readOptions);
      let after: LogPosition = readOptions.after ?? { commit: 0n, prepare: 0n };
      await afterWritesUnderWay();
      for (;;) {
        const rows = await query<EventRow>(sql.readAll, [after.commit.toString(), after.prepare.toString(), batchSize]);
        if (rows.length === 0) return;
        const batch = rows.map(toRecordedEvent);
        after = batch[batch.length - 1]!.position;
        yield batch;
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

/**
 * An event's place in the log: its transaction (commit, the number people see; every event of one
 * append shares it) and its row's sequence value (prepare, the order within the transaction).
 */
const logPosition = (transactionId: string, position: string): LogPosition => ({ commit: BigInt(transactionId), prepare: BigInt(position) });

const toRecordedEvent = (row: EventRow): RecordedEvent => ({
  stream: row.stream,
  streamVersion: row.stream_version,
  position: logPosition(row.transaction_id, row.position),
  type: row.type,
  data: JSON.parse(row.data) as Readonly<Record<string, unknown>>,
  metadata: JSON.parse(row.metadata),
});
