// A projection is a named, versioned, pure fold from events to documents. Its state is a set of
// named collections of JSON documents, so any read-model store (memory, SQLite, Redis) can keep it
// as rows or keys, and a batch of changed documents can be written with its checkpoint atomically.
import type { DomainEvent } from '../domain/events.js';
import type { LogPosition, RecordedEvent } from '../domain/envelope.js';

/** An event as projections see it: decoded, with instants as epoch milliseconds. */
export interface ProjectedEvent {
  readonly position: LogPosition;
  readonly stream: string;
  readonly streamVersion: number;
  /** Business time, epoch ms. */
  readonly occurredAt: number;
  /** System time of the append, epoch ms. */
  readonly recordedAt: number;
  readonly event: DomainEvent;
  /**
   * The event as stored (data as recorded, every metadata field): what `history` keeps verbatim.
   * Every event read from a store has it; events made by hand (tests, sketches) may leave it out.
   */
  readonly recorded?: RecordedEvent;
}

/** Collection name → document type, e.g. `{ clients: ClientDoc; meta: MetaDoc }`. */
export type CollectionTypes = Record<string, unknown>;

/** Read access to a projection's current state: one map per collection, keyed by document key. */
export type ReadModelView<C extends CollectionTypes> = { readonly [K in keyof C]: ReadonlyMap<string, C[K]> };

/** A document by collection and key. */
export type DocumentKey<C extends CollectionTypes> = {
  [K in keyof C & string]: { readonly collection: K; readonly key: string };
}[keyof C & string];

export type DocumentChange<C extends CollectionTypes> = {
  [K in keyof C & string]: { readonly collection: K; readonly key: string; readonly doc: C[K] };
}[keyof C & string];

/**
 * What a runner's view of a batch answers through writtenInBatch. A symbol, so that a plain Map
 * (a report's view of committed documents) has no such member and answers false.
 */
export const BATCH_WRITES: unique symbol = Symbol('rapport.batchWrites');

export interface BatchWrites {
  [BATCH_WRITES](key: string): boolean;
}

/**
 * Copy on write, per batch: whether the batch being folded has already written the document at
 * `key` of this collection. A projection that writes only documents it made itself (never one it
 * read, returned as it was) may then change that document in place for a later event of the same
 * batch: nothing outside the batch has seen it, and the batch is committed whole or not at all.
 * Any other document (committed, cached, being read by a report) must still never be mutated.
 * Copying a client's timelines on every event made a rebuild O(n²) in a client's events.
 */
export const writtenInBatch = (collection: ReadonlyMap<string, unknown>, key: string): boolean =>
  (collection as Partial<BatchWrites>)[BATCH_WRITES]?.(key) === true;

export interface Projection<C extends CollectionTypes = CollectionTypes> {
  readonly name: string;
  /** Bump when the documents' shape or meaning changes: a stored older version is rebuilt. */
  readonly version: number;
  readonly collections: readonly (keyof C & string)[];
  /**
   * Pure: the documents this event changes, with their new values. Documents read from `view`
   * must never be mutated; return new objects instead, so a rebuild always equals the live state.
   * The one exception is a document this batch wrote (writtenInBatch).
   */
  readonly handle: (event: ProjectedEvent, view: ReadModelView<C>) => readonly DocumentChange<C>[];
  /**
   * Whether a runner should keep a document it wrote in memory for `handle` to read again (by
   * default it does, up to its cache limit). Says false for a document `handle` will not read
   * again (a full `history` chunk), so it does not take the place of one it will. A document let
   * go of is read from the store if asked for all the same: this changes memory, never results.
   */
  retain?(change: DocumentChange<C>): boolean;
  /**
   * The documents `handle` will read for this event, where it can say so beforehand. A runner
   * reads those it does not hold for a whole page of events in one store call, instead of one
   * call each as the handler asks (a rebuild into Redis spent a fifth of its time waiting on such
   * reads, one round trip each). A hint only: a document left out is still read when asked for.
   */
  reads?(event: ProjectedEvent): readonly DocumentKey<C>[];
}
