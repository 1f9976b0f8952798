// What a runner writes with every checkpoint: the identity of the event store it read and the
// last event it folded (stream, version, hash). Read back when a runner loads a generation, it
// tells read models built from another store, or from a log that was since replaced or cut below
// the checkpoint, from models of this log: those are rebuilt rather than trusted.
import * as t from 'io-ts';
import { isLeft } from 'fp-ts/lib/Either.js';
import { comparePositions, type RecordedEvent } from '../../domain/envelope.js';
import { DivergedReadModels, ForeignReadModels, type EventStore, type InvalidStoreLocation } from '../../ports/event-store.js';
import type { GenerationHead } from '../../ports/read-model-store.js';

const Origin = t.type({ store: t.string, stream: t.string, streamVersion: t.number, hash: t.string });

/**
 * `lag`: events the writer knew were still to fold when it wrote the checkpoint: 0 when it had
 * reached the end of the log; when it stopped short (a batch boundary, an `until`), the events
 * after it by the store's count, or null from a store that cannot count.
 */
export const originOf = (store: string, event: RecordedEvent, lag: number | null): string =>
  JSON.stringify({ store, stream: event.stream, streamVersion: event.streamVersion, hash: event.metadata.hash, lag });

/** The lag a writer recorded with the checkpoint (see originOf); null when none was. */
export const recordedLag = (origin: string | null): number | null => {
  try {
    const parsed: unknown = origin === null ? null : JSON.parse(origin);
    const lag = typeof parsed === 'object' && parsed !== null && 'lag' in parsed ? parsed.lag : null;
    return typeof lag === 'number' ? lag : null;
  } catch {
    return null;
  }
};

/** Why a generation cannot be trusted for an event store: `foreign`, built from `builtFrom`. */
export type StaleOrigin =
  | { readonly kind: 'unrecorded' | 'replaced'; readonly reason: string }
  | { readonly kind: 'foreign'; readonly reason: string; readonly builtFrom: string };

/** The origin's event store when the generation records one other than `store`; null otherwise. */
export const foreignStoreOf = (origin: string | null, store: string): string | null => {
  const decoded = Origin.decode(parsedOrigin(origin));
  return isLeft(decoded) || decoded.right.store === store ? null : decoded.right.store;
};

const parsedOrigin = (origin: string | null): unknown => {
  try {
    return origin === null ? undefined : JSON.parse(origin);
  } catch {
    return undefined;
  }
};

/**
 * The refusal of read models of another event store (ForeignReadModels) or of a log that no longer
 * holds their last event (DivergedReadModels), for a process that must not rebuild them in place;
 * null for any other reason (models that record no store are rebuilt).
 */
export const refusalOf = (projection: string, stale: StaleOrigin, identity: string): InvalidStoreLocation | null => {
  if (stale.kind === 'foreign') return new ForeignReadModels(projection, stale.builtFrom, identity);
  if (stale.kind === 'replaced') return new DivergedReadModels(projection, stale.reason);
  return null;
};

/** Why the generation cannot be trusted for this event store, or null when it can. */
export const staleReason = async (eventStore: EventStore, store: string, head: GenerationHead): Promise<StaleOrigin | null> => {
  if (head.checkpoint === null) return null;
  const decoded = Origin.decode(parsedOrigin(head.origin));
  if (isLeft(decoded)) return { kind: 'unrecorded', reason: 'they carry no record of the event store they were built from' };
  const origin = decoded.right;
  if (origin.store !== store) return { kind: 'foreign', reason: `they were built from another event store (${origin.store}; this one is ${store})`, builtFrom: origin.store };
  const event = (await eventStore.readStream(origin.stream)).find((e) => e.streamVersion === origin.streamVersion);
  if (event === undefined || event.metadata.hash !== origin.hash || comparePositions(event.position, head.checkpoint) !== 0) {
    return {
      kind: 'replaced',
      reason: `the last event they folded (stream ${origin.stream}, streamVersion ${origin.streamVersion}) is not in this log as they saw it: the log was replaced or cut`,
    };
  }
  return null;
};
