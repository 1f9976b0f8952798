// The embedded event store: one SQLite file in WAL mode. Each append (or batch of appends) is one
// BEGIN IMMEDIATE transaction: read the streams' heads, check expectations, insert.
import { isRight, left, right, type Either } from 'fp-ts/lib/Either.js';
import Database from 'libsql';
import { GENESIS_HASH, StoreUnavailable, sequencePosition, type AppendRequest, type EventMetadata, type EventStore, type LogPosition, type ReadAllOptions, type RecordedEvent, type RecordedJson, type StreamConflict } from '@rapport/core';
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
  pollForAppends,
  recordingInstant,
  sealNext,
  sealRequests,
  type SealedEvent,
} from '@rapport/core/store-kit';
import { streamHeads, type Head } from './event-store-heads.js';
import { storeIdentity } from './store-meta.js';
import { EVENT_STORE_COMPONENT, EVENT_STORE_MIGRATIONS, INSERT_CHUNK, SQL } from './event-store-schema.js';

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

type Statement = ReturnType<SqliteDatabase['prepare']>;
type Appended = Either<StreamConflict, readonly RecordedEvent[]>;
// The column order of SQL.readStream / SQL.readAll; SQLite's STRICT tables guarantee the types.
type EventRow = [position: number, stream: string, streamVersion: number, type: string, data: string, metadata: string];

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
    return right(
      sealed.map((s, i) => ({
        stream: s.stream,
        streamVersion: s.streamVersion,
        position: sequencePosition(firstPosition + BigInt(i)),
        type: s.type,
        data: s.data,
        metadata: s.metadata,
      })),
    );
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
    return right([{ stream, streamVersion: sealed.streamVersion, position: sequencePosition(position), type: sealed.type, data: sealed.data, metadata: sealed.metadata }]);
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
        const batch = rows.map(toRecordedEventWithJson);
        after = batch[batch.length - 1]!.position.commit;
        yield batch;
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

/**
 * The streams whose first request in a batch expects them not to exist and writes to them: on a
 * growing firm, most of a group commit's streams, whose heads then need no query (see
 * StreamHeads.read).
 */
const claimedNew = (requests: readonly AppendRequest[]): Set<string> => {
  const seen = new Set<string>();
  const claimed = new Set<string>();
  for (const { stream, expected, events } of requests) {
    if (seen.has(stream)) continue;
    seen.add(stream);
    // Only a request that writes version 0 lets UNIQUE check the claim: an empty one is looked up.
    if (expected === 'no-stream' && events.length > 0) claimed.add(stream);
  }
  return claimed;
};

/**
 * Runs `one`, or `many` (the same statement over INSERT_CHUNK rows), until every item is written;
 * returns the last rowid inserted.
 */
const writeRows = <T>(
  one: Statement,
  many: Statement,
  columns: number,
  items: readonly T[],
  bind: (target: unknown[], offset: number, item: T) => void,
): number | bigint => {
  let last: number | bigint = 0;
  let i = 0;
  const chunk: unknown[] = new Array(INSERT_CHUNK * columns);
  for (; i + INSERT_CHUNK <= items.length; i += INSERT_CHUNK) {
    for (let j = 0; j < INSERT_CHUNK; j++) bind(chunk, j * columns, items[i + j]!);
    last = many.run(chunk).lastInsertRowid;
  }
  const row: unknown[] = new Array(columns);
  for (; i < items.length; i++) {
    bind(row, 0, items[i]!);
    last = one.run(row).lastInsertRowid;
  }
  return last;
};

const EVENT_COLUMNS = 5;

const bindEvent = (target: unknown[], offset: number, event: SealedEvent): void => {
  target[offset] = event.stream;
  target[offset + 1] = event.streamVersion;
  target[offset + 2] = event.type;
  target[offset + 3] = event.dataJson;
  target[offset + 4] = event.metadataJson;
};

/**
 * This store's positions are (n, n). Strictly after (c, p) means n > c, or n = c when p < c: the
 * greatest n a reader has already seen.
 */
const lastSequenceNotAfter = (after: LogPosition): bigint => (after.prepare < after.commit ? after.commit - 1n : after.commit);

const sequenceAfter = (after: LogPosition | null): bigint => (after === null ? 0n : lastSequenceNotAfter(after));

/** The one column of a raw single-row statement's row. */
const firstCell = (row: unknown): unknown => (Array.isArray(row) ? row[0] : undefined);

const toRecordedEvent = (row: unknown): RecordedEvent => {
  const [position, stream, streamVersion, type, data, metadata] = row as EventRow;
  return { stream, streamVersion, position: sequencePosition(position), type, data: parseRecord(data), metadata: JSON.parse(metadata) };
};

/**
 * An event of readAll with the JSON text it was parsed from (RecordedEvent.json) behind a getter:
 * not an own field, so the event compares and copies as a plain one (a copy, which may change
 * data, carries no text that could disagree with it).
 */
class EventWithJson implements RecordedEvent {
  readonly #json: RecordedJson;
  constructor(
    readonly stream: string,
    readonly streamVersion: number,
    readonly position: LogPosition,
    readonly type: string,
    readonly data: Readonly<Record<string, unknown>>,
    readonly metadata: EventMetadata,
    json: RecordedJson,
  ) {
    this.#json = json;
  }

  get json(): RecordedJson {
    return this.#json;
  }
}

const toRecordedEventWithJson = (row: unknown): RecordedEvent => {
  const [position, stream, streamVersion, type, data, metadata] = row as EventRow;
  return new EventWithJson(stream, streamVersion, sequencePosition(position), type, parseRecord(data), JSON.parse(metadata) as EventMetadata, { data, metadata });
};

const parseRecord = (json: string): Readonly<Record<string, unknown>> => JSON.parse(json);

const isDuplicateKey = (error: unknown): boolean =>
  error instanceof Database.SqliteError && (error.code === 'SQLITE_CONSTRAINT_UNIQUE' || error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY');
