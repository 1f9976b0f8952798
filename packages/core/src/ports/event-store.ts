// The event-store port: the few operations the command path, the projection runner and the
// integrity tools need. Adapters translate driver failures into StreamConflict or StoreUnavailable.
import type { Either } from 'fp-ts/lib/Either.js';
import type { LogPosition, NewEvent, RecordedEvent } from '../domain/envelope.js';

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

export interface ReadAllOptions {
  /** Read events strictly after this position; from the start when absent. */
  readonly after?: LogPosition;
  readonly batchSize?: number;
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
  /** The whole log in position order, in batches (never the whole log in memory). */
  readAll(options?: ReadAllOptions): AsyncIterable<readonly RecordedEvent[]>;
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
 * A server that answers but has nothing where the URL points (a Redis database number the server
 * does not have): the user's mistake, not an outage (CLI exit code 2), and never quietly read as
 * some other place.
 */
export class InvalidStoreLocation extends Error {
  override readonly name = 'InvalidStoreLocation';
}
