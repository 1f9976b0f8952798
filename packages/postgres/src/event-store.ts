// The PostgreSQL event store: one `events` table whose BIGSERIAL is the global position. Each
// append (or group commit) is one transaction: take the writer lock, read the streams' heads,
// check expectations, insert every row in one statement.
//
// Why a global writer lock: a BIGSERIAL value is drawn when the row is inserted, not when the
// transaction commits, so without it a writer could commit position 11 while position 10's writer
// is still open; a reader of `position > 9` would see 11, move its checkpoint past 10, and never
// see 10. Taking `pg_advisory_xact_lock` (per schema) before drawing positions makes writers take
// positions in commit order: the lock is released only after the commit is visible. It also
// serializes writers per stream, so the expected-revision check cannot race. The price is one
// writer at a time per schema, which an append that is a few milliseconds long can afford. (A
// writer that bypasses this store and the lock could still commit out of order: write through it.)
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import pg from 'pg';
import { GENESIS_HASH, StoreUnavailable, sequencePosition, type AppendRequest, type EventStore, type LogPosition, type ReadAllOptions, type RecordedEvent, type StreamConflict } from '@rapport/core';
import {
  NO_STREAM,
  firstConflict,
  redactUrl,
  batchSizeOf,
  recordingInstant,
  sealRequests,
} from '@rapport/core/store-kit';
import { isDuplicateKey, isRetryable, messageOf } from './errors.js';
import { statements, type EventRow, type Statements } from './schema.js';

export interface PostgresEventStoreOptions {
  /** Source of recordedAt; the only place the store reads time. */
  readonly clock?: () => Date;
  /** The schema holding the events table, created if missing; default `public`. */
  readonly schema?: string;
  /** How long to wait for a connection before the store counts as unavailable; default 5 s. */
  readonly connectionTimeoutMillis?: number;
  /** Connections in the pool; default 10. */
  readonly poolSize?: number;
}

export interface PostgresEventStore extends EventStore {
  readonly appendBatch: NonNullable<EventStore['appendBatch']>;
}

type Appended = Either<StreamConflict, readonly RecordedEvent[]>;

interface Head {
  version: number;
  hash: string;
}

/** Serialization failures and deadlocks: the transaction changed nothing and can run again. */
const ATTEMPTS = 3;

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
    max: options.poolSize ?? 10,
  });
  // An idle connection that breaks (server restart) is dropped by the pool; without a listener the
  // error event would crash the process. The next query reports the failure.
  pool.on('error', () => undefined);
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

  /** Runs `work` in one transaction on one pooled connection; rolls back if it throws. */
  const inTransaction = async <T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw error;
    } finally {
      // A connection that could not even roll back is destroyed rather than reused.
      client.release(broken);
    }
  };

  try {
    await inTransaction(async (client) => {
      // Two stores opening at once on a new schema would race on CREATE … IF NOT EXISTS.
      await client.query(sql.lockWriters, [schema]);
      if (schema !== 'public') await client.query(sql.createSchema);
      await client.query(sql.createEvents);
    });
  } catch (cause) {
    await pool.end().catch(() => undefined);
    throw unavailable(cause);
  }

  const readHeads = async (client: pg.PoolClient, streams: readonly string[]): Promise<Map<string, Head>> => {
    const heads = new Map<string, Head>();
    for (const stream of streams) heads.set(stream, { version: NO_STREAM, hash: GENESIS_HASH });
    const { rows } = await client.query<{ stream: string; stream_version: number; metadata: string }>(sql.heads, [[...heads.keys()]]);
    for (const row of rows) heads.set(row.stream, { version: row.stream_version, hash: (JSON.parse(row.metadata) as { hash: string }).hash });
    return heads;
  };

  /** Checks every expectation, each request seeing the earlier ones, before anything is written. */
  const appendInTransaction = async (client: pg.PoolClient, requests: readonly AppendRequest[]): Promise<Appended> => {
    await client.query(sql.lockWriters, [schema]);
    const heads = await readHeads(client, requests.map((r) => r.stream));
    const conflict = firstConflict(requests, (stream) => heads.get(stream)!.version);
    if (conflict !== null) return left(conflict);
    const sealed = sealRequests(requests, heads, recordingInstant(clock));
    if (sealed.length === 0) return right([]);
    const { rows } = await client.query<{ position: string; stream: string; stream_version: number }>(sql.insertEvents, [
      sealed.map((s) => s.stream),
      sealed.map((s) => s.streamVersion),
      sealed.map((s) => s.type),
      sealed.map((s) => s.dataJson),
      sealed.map((s) => s.metadataJson),
    ]);
    // Matched by (stream, version) rather than trusting RETURNING's row order.
    const positions = new Map(rows.map((r) => [`${r.stream}\u0000${r.stream_version}`, BigInt(r.position)]));
    // The events carry the caller's data objects: the table holds the canonical text, so nothing
    // the caller does to them reaches the store.
    return right(
      sealed.map((s) => ({
        stream: s.stream,
        streamVersion: s.streamVersion,
        position: sequencePosition(positions.get(`${s.stream}\u0000${s.streamVersion}`)!),
        type: s.type,
        data: s.data,
        metadata: s.metadata,
      })),
    );
  };

  /**
   * Only a writer that skipped the lock can take a version between our check and our insert: the
   * UNIQUE key stops the write, and the conflict is reported against what is really recorded.
   */
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
    for (let attempt = 1; ; attempt++) {
      try {
        return await inTransaction((client) => appendInTransaction(client, requests));
      } catch (cause) {
        if (isRetryable(cause) && attempt < ATTEMPTS) continue;
        if (!isDuplicateKey(cause)) throw unavailable(cause);
        try {
          return left(await conflictAfterDuplicate(requests));
        } catch (readFailure) {
          throw unavailable(readFailure);
        }
      }
    }
  };

  const query = async <R extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<R[]> => {
    ensureOpen();
    try {
      return (await pool.query<R>(text, values)).rows;
    } catch (cause) {
      throw unavailable(cause);
    }
  };

  return {
    append: (request) => appendAll([request]),
    appendBatch: (requests) => appendAll(requests),
    readStream: async (stream) => (await query<EventRow>(sql.readStream, [stream])).map(toRecordedEvent),
    async *readAll(readOptions: ReadAllOptions = {}) {
      const batchSize = batchSizeOf(readOptions);
      let after = readOptions.after === undefined ? 0n : lastSequenceNotAfter(readOptions.after);
      for (;;) {
        const rows = await query<EventRow>(sql.readAll, [after.toString(), batchSize]);
        if (rows.length === 0) return;
        const batch = rows.map(toRecordedEvent);
        after = batch[batch.length - 1]!.position.commit;
        yield batch;
      }
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
};

/**
 * This store's positions are (n, n). Strictly after (c, p) means n > c, or n = c when p < c: the
 * greatest n a reader has already seen. (As in the SQLite store.)
 */
const lastSequenceNotAfter = (after: LogPosition): bigint => (after.prepare < after.commit ? after.commit - 1n : after.commit);

const toRecordedEvent = (row: EventRow): RecordedEvent => ({
  stream: row.stream,
  streamVersion: row.stream_version,
  position: sequencePosition(BigInt(row.position)),
  type: row.type,
  data: JSON.parse(row.data) as Readonly<Record<string, unknown>>,
  metadata: JSON.parse(row.metadata),
});
