// Appending to the PostgreSQL event store: one INSERT statement per append or group commit, atomic
// by itself (no writer lock, no BEGIN/COMMIT). The expected-revision check runs against the
// stream's head, read before the insert or remembered from this store's last append to it, and
// UNIQUE (stream, stream_version) catches any writer that got there in between.
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import type pg from 'pg';
import { GENESIS_HASH, type AppendRequest, type RecordedEvent, type StreamConflict } from '@rapport/core';
import { NO_STREAM, firstConflict, recordingInstant, sealRequests, type ChainHead, type SealedEvent } from '@rapport/core/store-kit';
import { isDuplicateKey, isRetryable } from './errors.js';
import { logPosition } from './event-rows.js';
import { createGroupInsert, type InsertedRow } from './group-insert.js';
import type { HeadCache } from './head-cache.js';
import type { Notifier } from './notifier.js';
import type { Statements } from './schema.js';
import { endWrite, startWrite } from './writes-in-flight.js';

export type Appended = Either<StreamConflict, readonly RecordedEvent[]>;

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

/**
 * INSERTs under way before further appends queue and go together (group-insert.ts). Two keeps a
 * lone writer and a pair of writers unhindered while ten in flight share a commit four or five at
 * a time.
 */
const GROUP_IN_FLIGHT = 2;

export interface AppendContext {
  readonly pool: pg.Pool;
  readonly sql: Statements;
  /** Source of recordedAt. */
  readonly clock: () => Date;
  readonly heads: HeadCache;
  readonly notifier: Notifier;
  /** After a commit, whether or not its INSERT carried the NOTIFY: wakes the live followers. */
  readonly committedAppend: (notified: boolean) => void;
  /** A driver's failure as the port's StoreUnavailable. */
  readonly unavailable: (cause: unknown) => Error;
  /** Throws when the store is closed. */
  readonly ensureOpen: () => void;
  /** How long a one-row INSERT may wait for the server's answer (the pool's query time-out). */
  readonly queryTimeoutMillis: number;
}

/**
 * More time an INSERT of many rows may take, per row: an import's 100,000-event transaction took
 * more than the pool's 10 s on a busy server, which then counted as unavailable.
 */
const TIMEOUT_PER_ROW_MS = 0.5;

/** The time-out of an INSERT of `rows` rows: the pool's, plus TIMEOUT_PER_ROW_MS a row beyond the first. */
export const insertTimeout = (queryTimeoutMillis: number, rows: number): number => Math.ceil(queryTimeoutMillis + (rows - 1) * TIMEOUT_PER_ROW_MS);

/** The store's append: several requests are one group commit, all or nothing. */
export const createAppendAll = ({ pool, sql, clock, heads, notifier, committedAppend, unavailable, ensureOpen, queryTimeoutMillis }: AppendContext) => {
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

  /** The INSERT of several rows, given the time its size needs. */
  const insertMany = (sealed: readonly SealedEvent[], notifying: boolean): pg.QueryConfig => {
    // pg reads a query's own query_timeout before the pool's (Client#query), though its types leave it out.
    const query: pg.QueryConfig & { readonly query_timeout: number } = {
      name: notifying ? 'rapport-insert-events-notifying' : 'rapport-insert-events',
      text: notifying ? sql.insertEventsNotifying : sql.insertEvents,
      query_timeout: insertTimeout(queryTimeoutMillis, sealed.length),
      values: [
        sealed.map((s) => s.stream),
        sealed.map((s) => s.streamVersion),
        sealed.map((s) => s.type),
        sealed.map((s) => s.dataJson),
        sealed.map((s) => s.metadataJson),
      ],
    };
    return query;
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
          : insertMany(sealed, notifying),
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

  return appendAll;
};
