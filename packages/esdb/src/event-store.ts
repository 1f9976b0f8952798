// The production event store: EventStoreDB over gRPC. EventStoreDB checks expected revisions
// itself; the adapter adds the hash chain (read the stream's last event, seal, append at exactly
// that revision, so the chain cannot fork) and keeps driver types below the port. It has no
// appendBatch: EventStoreDB has no multi-stream transaction.
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { BACKWARDS, END, EventStoreDBClient, FORWARDS, START, jsonEvent, type EventData, type Position } from '@eventstore/db-client';
import { DamagedStoredEvent, GENESIS_HASH, InvalidStoreLocation, StoreUnavailable, comparePositions, type AppendRequest, type EventStore, type ReadAllOptions, type RecordedEvent, type StreamConflict } from '@rapport/core';
import {
  NO_STREAM,
  conflictAt,
  type StreamVersion,
  batchSizeOf,
  recordingInstant,
  sealRequests,
  type SealedEvent,
} from '@rapport/core/store-kit';
import {
  checkNamespace,
  classifyFailure,
  conflictOf,
  endpointOf,
  esdbMetadata,
  expectedRevisionAt,
  logPosition,
  logicalStream,
  physicalStream,
  toRecordedEvent,
  unavailable,
  type EsdbRecordedEvent,
} from './mapping.js';
import type { EsdbDriver } from './driver.js';
import { createEsdbCalls, createStreamLocks } from './calls.js';
import { createLiveFollower } from './follow.js';

export interface EsdbEventStoreOptions {
  /** Source of recordedAt; the only place the store reads time. */
  readonly clock?: () => Date;
  /**
   * Deadline (ms) of every call until one has reached the server, so a wrong or dead endpoint
   * fails as StoreUnavailable quickly instead of hanging. Default 5000.
   */
  readonly connectTimeoutMs?: number;
  /** Deadline (ms) of each call once connected. Default 10000 (the driver's). */
  readonly deadlineMs?: number;
  /**
   * Prefix of every stream in EventStoreDB, so several stores (test runs, tenants) can share one
   * server. Streams and hashes keep their own names; readAll only sees this namespace.
   */
  readonly namespace?: string;
}

/** How often an append with `any` re-reads the stream's head after another writer got there first. */
const ANY_RETRIES = 5;
/** Events read from $all per request: more than a small batchSize, so system events are skipped cheaply. */
const MIN_PAGE = 256;
/** Events of one stream read per request. */
const STREAM_PAGE = 4096;

type Appended = Either<StreamConflict, readonly RecordedEvent[]>;

interface Head {
  readonly version: StreamVersion;
  readonly hash: string;
}

/** Opens the store on a connection string; the connection is made by the first call. */
export const openEsdbEventStore = (connectionString: string, options: EsdbEventStoreOptions = {}): EventStore => {
  const endpoint = endpointOf(connectionString);
  let client: EventStoreDBClient;
  try {
    client = EventStoreDBClient.connectionString(connectionString);
  } catch (cause) {
    // A connection string the driver cannot parse (tls=maybe) names no store at all: the user's
    // mistake, said in the driver's words (CLI exit 2), not an outage.
    throw new InvalidStoreLocation(`EventStoreDB event store ${endpoint}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
  return createEsdbEventStore(client, endpoint, options);
};

/** The store over a driver; `endpoint` (no password in it) names the server in errors. */
export const createEsdbEventStore = (client: EsdbDriver, endpoint: string, options: EsdbEventStoreOptions = {}): EventStore => {
  const namespace = checkNamespace(options.namespace ?? '');
  const clock = options.clock ?? (() => new Date());
  const connectTimeoutMs = options.connectTimeoutMs ?? 5000;
  const deadlineMs = options.deadlineMs ?? 10_000;
  const calls = createEsdbCalls(client, endpoint, { connectTimeoutMs, deadlineMs });
  const { call, ensureOpen, readEvents, readAllPage } = calls;
  // Appends to one stream from this store wait for each other: a head read by one must not be
  // overtaken by another from the same process (other processes are stopped by the revision check).
  const withStreamLock = createStreamLocks();

  const readHead = async (stream: string): Promise<Head> => {
    const [last] = await readEvents(physicalStream(namespace, stream), END, BACKWARDS, 1);
    if (last === undefined) return { version: NO_STREAM, hash: GENESIS_HASH };
    const recorded = toRecordedEvent(namespace, last);
    // An event Rapport did not write ends the chain: extending it would hide that. Damage to the
    // log (the CLI's integrity failure, exit 1), not a bug of ours.
    if (recorded === null) {
      const position = last.position === undefined ? { commit: 0n, prepare: 0n } : logPosition(last.position);
      throw new DamagedStoredEvent(stream, Number(last.revision), position, null, `its last event (${last.type}) was not written by Rapport; refusing to extend its hash chain`);
    }
    return { version: recorded.streamVersion, hash: recorded.metadata.hash };
  };

  const toEventData = (sealed: SealedEvent): EventData =>
    jsonEvent({ type: sealed.type, data: JSON.parse(sealed.dataJson) as Record<string, unknown>, metadata: esdbMetadata(sealed.metadata) });

  const appendOnce = async (request: AppendRequest, now: () => string): Promise<Appended | 'retry'> => {
    const { stream, expected, events } = request;
    const head = await readHead(stream);
    const conflict = conflictAt(stream, expected, head.version);
    if (conflict !== null) return left(conflict);
    if (events.length === 0) return right([]);
    const sealed = sealRequests([request], new Map([[stream, { ...head }]]), now);
    const physical = physicalStream(namespace, stream);
    let result;
    try {
      result = await call(() => client.appendToStream(physical, sealed.map(toEventData), { expectedRevision: expectedRevisionAt(head.version), deadline: calls.deadline() }));
    } catch (cause) {
      const failure = classifyFailure(cause);
      if (failure.kind !== 'wrong-expected-version') throw unavailable(endpoint, cause);
      // Another process appended between our read and our write.
      return expected === 'any' ? 'retry' : left(conflictOf(stream, expected, failure.actual));
    }
    // The same race, answered as a result instead of an error (`throwOnAppendFailure=false` in the
    // connection string): taken as success, another writer's event read back as ours.
    if (!result.success) {
      const actual = result.nextExpectedRevision < 0n ? NO_STREAM : Number(result.nextExpectedRevision);
      return expected === 'any' ? 'retry' : left(conflictOf(stream, expected, actual));
    }
    // Read the events back for their log positions: an append result carries only one. They are
    // ours only if their hashes are the ones just sealed.
    const written = await readEvents(physical, BigInt(head.version + 1), FORWARDS, sealed.length);
    const recorded = written.flatMap((event) => toRecordedEvent(namespace, event) ?? []);
    if (recorded.length !== sealed.length || recorded.some((event, i) => event.metadata.hash !== sealed[i]!.metadata.hash)) {
      throw new StoreUnavailable(`EventStoreDB event store ${endpoint}: the events just appended to ${stream} do not read back`);
    }
    return right(recorded);
  };

  const append = async (request: AppendRequest): Promise<Appended> => {
    ensureOpen();
    if (logicalStream(namespace, physicalStream(namespace, request.stream)) === null) {
      throw new RangeError(`not a Rapport stream: "${request.stream}" (streams are client-… or salesperson-…)`);
    }
    // One instant for the whole append, retries included.
    const now = recordingInstant(clock);
    return withStreamLock(request.stream, async () => {
      for (let attempt = 0; ; attempt++) {
        const result = await appendOnce(request, now);
        if (result !== 'retry') return result;
        if (attempt >= ANY_RETRIES) {
          const head = await readHead(request.stream);
          return left(conflictOf(request.stream, request.expected, head.version));
        }
      }
    });
  };

  const follower = createLiveFollower({
    client,
    namespace,
    ensureOpen,
    isClosed: calls.isClosed,
    reached: calls.reached,
  });

  return {
    append,
    waitForAppends: (after, waitOptions) => follower.waitForAppends(after, waitOptions),
    readStream: async (stream) => {
      ensureOpen();
      const physical = physicalStream(namespace, stream);
      const recorded: RecordedEvent[] = [];
      // In pages, so a long stream is not one call racing one deadline.
      for (let from = 0n; ; ) {
        const page = await readEvents(physical, from, FORWARDS, STREAM_PAGE);
        for (const event of page) {
          const mapped = toRecordedEvent(namespace, event);
          if (mapped !== null) recorded.push(mapped);
        }
        if (page.length < STREAM_PAGE) return recorded;
        from = page[page.length - 1]!.revision + 1n;
      }
    },
    async *readAll(readOptions: ReadAllOptions = {}) {
      const batchSize = batchSizeOf(readOptions);
      const pageSize = Math.max(batchSize, MIN_PAGE);
      // The last position handed on (or asked to read after): EventStoreDB starts a read at its
      // `from` itself, the port reads strictly after it.
      let seen = readOptions.after;
      let pending: RecordedEvent[] = [];
      for (;;) {
        const page = await readAllPage(seen === undefined ? START : { commit: seen.commit, prepare: seen.prepare }, pageSize);
        let fresh = 0;
        for (const resolved of page) {
          const event = resolved.event;
          if (event === undefined || (seen !== undefined && comparePositions(event.position, seen) <= 0)) continue;
          fresh++;
          seen = logPosition(event.position);
          // Filtered-out events make pages shorter than batchSize: gather until a batch is full.
          const recorded = toRecordedEvent(namespace, event as EsdbRecordedEvent);
          if (recorded !== null) pending.push(recorded);
        }
        while (pending.length >= batchSize) {
          yield pending.slice(0, batchSize);
          pending = pending.slice(batchSize);
        }
        if (fresh === 0 || page.length < pageSize) break;
      }
      if (pending.length > 0) yield pending;
    },
    identity: async () => {
      // The id EventStoreDB gave the first event of this store's log: fixed once written, and
      // another server's (or a re-imported) log has another. A store with no event yet has none.
      for (let from: Position | typeof START = START; ; ) {
        const page = await readAllPage(from, MIN_PAGE);
        for (const resolved of page) {
          const event = resolved.event;
          if (event !== undefined && toRecordedEvent(namespace, event as EsdbRecordedEvent) !== null) return `esdb:${event.id}`;
        }
        // Every event of a full page belongs to something else (system streams, other namespaces):
        // read on from the page's last position (reads start at it, so it is read again).
        const last = page[page.length - 1]?.event?.position;
        if (page.length < MIN_PAGE || last === undefined) return `esdb:empty:${namespace}`;
        from = { commit: last.commit, prepare: last.prepare };
      }
    },
    close: async () => {
      if (calls.isClosed()) return;
      calls.close();
      await follower.close();
      await client.dispose().catch(() => undefined);
    },
  };
};
