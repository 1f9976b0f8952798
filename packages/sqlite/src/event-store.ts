// The embedded event store: one SQLite file in WAL mode. Each append (or batch of appends) is one
// BEGIN IMMEDIATE transaction: read the streams' heads, check expectations, insert.
import { isRight, left, right, type Either } from 'fp-ts/lib/Either.js';
import { GENESIS_HASH, StoreUnavailable, sequencePosition, type AppendRequest, type EventStore, type ReadAllOptions, type RecordedEvent, type StreamConflict } from '@rapport/core';
import {
  closeSqliteDatabase,
  databaseFile,
  inWriteTransaction,
  messageOf,
  migrate,
  openSqliteDatabase,
  type SqliteDatabase,
  type SqliteDatabaseOptions,
} from './database.js';
import {
  NO_STREAM,
  firstConflict,
  batchSizeOf,
  parseStoredPage,
  pollForAppends,
  recordingInstant,
  sealNext,
  sealRequests,
} from '@rapport/core/store-kit';
import { EVENT_COLUMNS, bindEvent, claimedNew, firstCell, isDuplicateKey, lastSequenceNotAfter, sequenceAfter, toRecordedEvent, toRecordedEventWithJson, writeRows } from './event-rows.js';
import { streamHeads, type Head } from './event-store-heads.js';
import { storeIdentity } from './store-meta.js';
import { EVENT_STORE_COMPONENT, EVENT_STORE_MIGRATIONS, SQL } from './event-store-schema.js';

export interface SqliteEventStoreOptions extends SqliteDatabaseOptions {
  /** Source of recordedAt; the only place the store reads time. */
  readonly clock?: () => Date;
}

export interface SqliteEventStore extends EventStore {
  readonly appendBatch: NonNullable<EventStore['appendBatch']>;
  readonly readStreams: NonNullable<EventStore['readStreams']>;
  /**
   * The connection, for a read-model store that shares the file (and can share transactions).
   * Write the events table only through this store: it caches stream heads.
   */
  readonly database: SqliteDatabase;
}

type Appended = Either<StreamConflict, readonly RecordedEvent[]>;

/**
 * Opens the store on a file (created with its directories; synchronous options apply) or on a
 * connection from `openSqliteDatabase`, which the store then does not close.
 */
export const openSqliteEventStore = (pathOrDatabase: string | SqliteDatabase, options: SqliteEventStoreOptions = {}): SqliteEventStore => {
  const owned = typeof pathOrDatabase === 'string';
  const db = owned ? openSqliteDatabase(pathOrDatabase, options) : pathOrDatabase;
  const file = owned ? pathOrDatabase : databaseFile(db);
  const clock = options.clock ?? (() => new Date());
  let closed = false;

  // Nothing above the port sees a driver error. TypeError and RangeError are the caller's own
  // mistakes (data that is not JSON), not the store's, and keep their type.
  const unavailable = (cause: unknown): Error =>
    cause instanceof StoreUnavailable || cause instanceof TypeError || cause instanceof RangeError
      ? cause
      : new StoreUnavailable(`SQLite event store ${file}: ${messageOf(cause)}`, { cause });

  const prepareAll = () => {
    migrate(db, EVENT_STORE_COMPONENT, EVENT_STORE_MIGRATIONS);
    return {
      heads: streamHeads(db),
      lastRecordedVersion: db.prepare(SQL.lastRecordedVersion).raw(),
      insertEvent: db.prepare(SQL.insertEvent),
      insertEvents: db.prepare(SQL.insertEvents),
      readStream: db.prepare(SQL.readStream).raw(),
      readStreams: db.prepare(SQL.readStreams).raw(),
      readAll: db.prepare(SQL.readAll).raw(),
      hasAfter: db.prepare(SQL.hasAfter).raw(),
      countAfter: db.prepare(SQL.countAfter).raw(),
    };
  };
  let statements: ReturnType<typeof prepareAll>;
  try {
    statements = prepareAll();
  } catch (cause) {
    if (owned) closeSqliteDatabase(db);
    throw unavailable(cause);
  }
  const { heads } = statements;

  const ensureOpen = (): void => {
    if (closed) throw new StoreUnavailable(`SQLite event store ${file} is closed`);
  };

  const appendInTransaction = (requests: readonly AppendRequest[], current: Map<string, Head>, claimed: ReadonlySet<string>): Appended => {
    const conflict = firstConflict(requests, (stream) => current.get(stream)!.version);
    // A head claimed new was never looked up, and UNIQUE only checks it when a row is written: a
    // conflict found first is reported against what the file really holds.
    if (conflict !== null) return left(claimed.size === 0 ? conflict : (firstConflict(requests, lastRecordedVersion) ?? conflict));
    const sealed = sealRequests(requests, current, recordingInstant(clock));
    if (sealed.length === 0) return right([]);
    const lastPosition = BigInt(writeRows(statements.insertEvent, statements.insertEvents, EVENT_COLUMNS, sealed, bindEvent));
    // The write lock is held and rowids only grow (nothing is deleted), so this transaction's rows are numbered
    // consecutively up to the last one inserted. The events carry the caller's data objects: the
    // file holds the canonical text, so nothing the caller does to them reaches the store, and
    // parsing the text back would cost a fifth of a group commit.
    const firstPosition = lastPosition - BigInt(sealed.length) + 1n;
    return right(sealed.map((s, i) => s.recorded(sequencePosition(firstPosition + BigInt(i)))));
  };

  const lastRecordedVersion = (stream: string): number => {
    const row = statements.lastRecordedVersion.get([stream]);
    return Array.isArray(row) && row[0] !== null ? Number(row[0]) : NO_STREAM;
  };

  /**
   * A cached head can fall behind the events (a write the data_version check could not see), and a
   * stream a batch claimed new may exist: the UNIQUE key stops the write, and the conflict is
   * reported against what is really recorded.
   */
  const conflictAfterDuplicate = (requests: readonly AppendRequest[]): StreamConflict => {
    const real = firstConflict(requests, lastRecordedVersion);
    if (real !== null) return real;
    const current = heads.read(requests.map((r) => r.stream));
    const stale = requests.find((r) => current.get(r.stream)!.version !== lastRecordedVersion(r.stream)) ?? requests[0]!;
    const actual = lastRecordedVersion(stale.stream);
    return { kind: 'StreamConflict', stream: stale.stream, expected: stale.expected, actual: actual === NO_STREAM ? 'no-stream' : actual };
  };

  /**
   * The common append, one event on a stream whose head this connection knows (or that the writer
   * says is new): a single INSERT in autocommit mode, which SQLite runs as a transaction of its own
   * under the write lock, so no BEGIN, COMMIT or head lookup. The expected revision is still checked
   * inside that transaction: the stream is known to have reached `expected` (versions only grow),
   * so version expected + 1 is free exactly when the stream is still at `expected`, and UNIQUE
   * (stream, stream_version) refuses it otherwise. Null when this path does not apply or collided:
   * the caller takes the transactional path, which reads the real head.
   */
  const appendAlone = (request: AppendRequest): Appended | null => {
    const { stream, expected, events } = request;
    if (events.length !== 1 || expected === 'any' || db.inTransaction) return null;
    const head = heads.remembered(stream) ?? (expected === 'no-stream' ? { stream, version: NO_STREAM, hash: GENESIS_HASH, occurredAt: '' } : undefined);
    if (head === undefined || head.version !== (expected === 'no-stream' ? NO_STREAM : expected)) return null;
    // Not sealRequests and its Map: this path runs for nearly every command.
    const sealed = sealNext(stream, head, events[0]!, recordingInstant(clock));
    let position: number | bigint;
    try {
      const row: unknown[] = new Array(EVENT_COLUMNS);
      bindEvent(row, 0, sealed);
      position = statements.insertEvent.run(row).lastInsertRowid;
    } catch (cause) {
      heads.forget();
      if (isDuplicateKey(cause)) return null;
      throw cause;
    }
    heads.committed([head]);
    return right([sealed.recorded(sequencePosition(position))]);
  };

  const appendAll = async (requests: readonly AppendRequest[]): Promise<Appended> => {
    ensureOpen();
    if (requests.length === 0) return right([]);
    if (requests.length === 1) {
      try {
        const alone = appendAlone(requests[0]!);
        if (alone !== null) return alone;
      } catch (cause) {
        throw unavailable(cause);
      }
    }
    try {
      let current = new Map<string, Head>();
      const claimed = claimedNew(requests);
      const result = inWriteTransaction(db, () => {
        current = heads.read(
          requests.map((r) => r.stream),
          claimed,
        );
        return appendInTransaction(requests, current, claimed);
      });
      // Only a write proves the heads it was built on: after a conflict, one claimed new may be wrong.
      if (isRight(result)) heads.committed(current.values());
      return result;
    } catch (cause) {
      heads.forget();
      if (!isDuplicateKey(cause)) throw unavailable(cause);
      try {
        return left(conflictAfterDuplicate(requests));
      } catch (readFailure) {
        throw unavailable(readFailure);
      }
    }
  };

  const read = <T>(query: () => T): T => {
    ensureOpen();
    try {
      return query();
    } catch (cause) {
      throw unavailable(cause);
    }
  };

  return {
    database: db,
    append: (request) => appendAll([request]),
    appendBatch: (requests) => appendAll(requests),
    readStream: async (stream) => read(() => statements.readStream.all([stream])).map(toRecordedEvent),
    readStreams: async (streams) => {
      const found = new Map<string, RecordedEvent[]>();
      for (const stream of streams) found.set(stream, []);
      if (streams.length === 0) return found;
      for (const row of read(() => statements.readStreams.all([JSON.stringify(streams)]))) {
        const event = toRecordedEvent(row);
        found.get(event.stream)?.push(event);
      }
      return found;
    },
    async *readAll(readOptions: ReadAllOptions = {}) {
      const batchSize = batchSizeOf(readOptions);
      let after = readOptions.after === undefined ? 0n : lastSequenceNotAfter(readOptions.after);
      for (;;) {
        const rows = read(() => statements.readAll.all([after, batchSize]));
        if (rows.length === 0) return;
        const { events: batch, damaged } = parseStoredPage(rows, toRecordedEventWithJson);
        if (batch.length > 0) {
          after = batch[batch.length - 1]!.position.commit;
          yield batch;
        }
        if (damaged !== null) throw damaged;
      }
    },
    // No other process can signal a file's readers: a follower polls, with back-off.
    waitForAppends: (after, waitOptions) => pollForAppends(() => Number(firstCell(read(() => statements.hasAfter.get([sequenceAfter(after)])))) === 1, waitOptions),
    countAfter: async (after) => Number(firstCell(read(() => statements.countAfter.get([sequenceAfter(after)])))),
    identity: async () => read(() => storeIdentity(db)),
    close: async () => {
      if (closed) return;
      closed = true;
      if (owned) closeSqliteDatabase(db);
    },
  };
};
