// The event-store port: the few operations the command path, the projection runner and the
// integrity tools need. Adapters translate driver failures into StreamConflict or StoreUnavailable.
import type { Either } from 'fp-ts/lib/Either.js';
import type { LogPosition, NewEvent, RecordedEvent } from '../domain/envelope.js';
import { shareAcrossCopies } from './shared-classes.js';

/** `no-stream`: the stream must not exist; `any`: no check; a number: the last event's streamVersion. */
export type ExpectedRevision = 'no-stream' | 'any' | number;

export interface AppendRequest {
  readonly stream: string;
  readonly expected: ExpectedRevision;
  readonly events: readonly NewEvent[];
}

export interface StreamConflict {
  readonly kind: 'StreamConflict';
  readonly stream: string;
  readonly expected: ExpectedRevision;
  /** The stream's actual last streamVersion, or 'no-stream'. */
  readonly actual: number | 'no-stream';
}

/**
 * How far a readAll goes. `committed`: every event committed before the call, whichever process
 * committed it; a store whose readers can be held back behind transactions still open (PostgreSQL)
 * waits until they are readable. `readable`: what can be read now, for a follower that reads the
 * rest when it is woken again.
 */
export type ReadAllReach = 'committed' | 'readable';

export interface ReadAllOptions {
  /** Read events strictly after this position; from the start when absent. */
  readonly after?: LogPosition;
  readonly batchSize?: number;
  /** Default `committed`. */
  readonly upTo?: ReadAllReach;
}

export interface WaitForAppendsOptions {
  /** Resolve (false) after this long without a sign of new events: the follower's slow poll. */
  readonly timeoutMs: number;
  /** Resolves the wait (false) at once when aborted. */
  readonly signal?: AbortSignal;
}

export interface EventStore {
  /** Appends atomically if the stream is at `expected`; returns the stored events. */
  append(request: AppendRequest): Promise<Either<StreamConflict, readonly RecordedEvent[]>>;
  /**
   * Group commit: all requests in one transaction, all or nothing. Only stores that have
   * multi-stream transactions offer it; callers fall back to `append` one at a time.
   */
  readonly appendBatch?: (requests: readonly AppendRequest[]) => Promise<Either<StreamConflict, readonly RecordedEvent[]>>;
  /** Every event of a stream in streamVersion order; empty when the stream does not exist. */
  readStream(stream: string): Promise<readonly RecordedEvent[]>;
  /**
   * readStream for several streams in one round trip: an entry for every stream asked for (empty
   * when the stream does not exist), each equal to what readStream would give. Optional: a group
   * commit uses it to load the streams its batch has not seen, and reads them one at a time without.
   */
  readonly readStreams?: (streams: readonly string[]) => Promise<ReadonlyMap<string, readonly RecordedEvent[]>>;
  /** The whole log in position order, in batches (never the whole log in memory). */
  readAll(options?: ReadAllOptions): AsyncIterable<readonly RecordedEvent[]>;
  /**
   * A follower's wake-up, not a read: resolves true once events after `after` (null: any) may be
   * readable — at once when some already are — and false after `timeoutMs` without a sign of any,
   * or when the signal aborts. The caller then reads with readAll, so a wake-up for nothing costs
   * an empty read, and a missed one at most the timeout. Optional: a store without it is polled.
   */
  readonly waitForAppends?: (after: LogPosition | null, options: WaitForAppendsOptions) => Promise<boolean>;
  /**
   * How many events readAll would give after `after` (all when null) now: a projector records it
   * with its checkpoint as its lag. Optional: stores that cannot count cheaply leave it out.
   */
  readonly countAfter?: (after: LogPosition | null) => Promise<number>;
  /**
   * An id recorded in the store when it was created, the same for every connection to it (and for
   * a copy of it): read models note it, so models built from another store are never taken for this
   * one's.
   */
  identity(): Promise<string>;
  close(): Promise<void>;
}

/** A store that cannot be reached (CLI exit code 3). */
export class StoreUnavailable extends Error {
  override readonly name = 'StoreUnavailable';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * A row of the store's log that is not an event any more: its data or metadata is not the JSON an
 * event holds (an edit made outside Rapport, a damaged file). An integrity failure (CLI exit 1)
 * naming the row; never skipped, which would make every report built past it silently wrong.
 */
export class DamagedStoredEvent extends Error {
  override readonly name = 'DamagedStoredEvent';
  constructor(
    readonly stream: string,
    readonly streamVersion: number,
    readonly position: LogPosition,
    /** The row's stored hash, when its metadata still holds one: a chain walk goes on from it. */
    readonly hash: string | null,
    /** What is wrong with the row, for people. */
    readonly problem: string,
  ) {
    super(`stored event ${stream} streamVersion ${streamVersion} at position ${position.commit} is damaged: ${problem}`);
  }
}

/**
 * A server that answers but has nothing where the URL points (a Redis database number the server
 * does not have): the user's mistake, not an outage (CLI exit code 2), and never quietly read as
 * some other place.
 */
export class InvalidStoreLocation extends Error {
  override readonly name: string = 'InvalidStoreLocation';
}

/**
 * Read models built from another event store than the one given with them (a wrong --store, or
 * --read-models shared by mistake). Nothing answers from them and nothing but an explicit rebuild
 * writes over them: a reader that rebuilt them in place would take another firm's models, and the
 * projector that keeps them, away (CLI exit 2).
 */
export class ForeignReadModels extends InvalidStoreLocation {
  override readonly name = 'ForeignReadModels';
  constructor(
    readonly projection: string,
    /** The event store identity the read models were built from. */
    readonly builtFrom: string,
    /** The identity of the event store given with them. */
    readonly eventStore: string,
  ) {
    super(
      `read models ${projection} were built from another event store (${builtFrom}; this one is ${eventStore}): they are neither read nor written over; give the event store they were built from, or rebuild them from this one (rapport rebuild)`,
    );
  }
}

/**
 * Read models whose last folded event this log does not hold as they saw it: the log was replaced
 * or cut, or (its identity being the same) this is a copy of their store that went its own way, a
 * database restored or created from a template. Which one only the operator knows, and a reader
 * that rebuilt them in place would take shared read models away from the store they belong to, so
 * they are refused as foreign ones are (CLI exit 2) until an explicit rebuild.
 */
export class DivergedReadModels extends InvalidStoreLocation {
  override readonly name = 'DivergedReadModels';
  constructor(
    readonly projection: string,
    readonly reason: string,
  ) {
    super(
      `read models ${projection} do not match this log: ${reason}, or this store is a copy of theirs that went its own way; they are neither read nor written over; give the event store they were built from, or rebuild them from this one (rapport rebuild)`,
    );
  }
}

for (const [cls, name] of [
  [StoreUnavailable, 'StoreUnavailable'],
  [DamagedStoredEvent, 'DamagedStoredEvent'],
  [InvalidStoreLocation, 'InvalidStoreLocation'],
  [ForeignReadModels, 'ForeignReadModels'],
  [DivergedReadModels, 'DivergedReadModels'],
] as const) {
  shareAcrossCopies(cls, name);
}
