// What a runner writes with every checkpoint: the identity of the event store it read and the
// last event it folded (stream, version, hash). Read back when a runner loads a generation, it
// tells read models built from another store, or from a log that was since replaced or cut below
// the checkpoint, from models of this log: those are rebuilt rather than trusted.
import * as t from 'io-ts';
import { isLeft } from 'fp-ts/lib/Either.js';
import { comparePositions, type RecordedEvent } from '../../domain/envelope.js';
import type { EventStore } from '../../ports/event-store.js';
import type { GenerationHead } from '../../ports/read-model-store.js';

const Origin = t.type({ store: t.string, stream: t.string, streamVersion: t.number, hash: t.string });

export const originOf = (store: string, event: RecordedEvent): string =>
  JSON.stringify({ store, stream: event.stream, streamVersion: event.streamVersion, hash: event.metadata.hash });

/** Why the generation cannot be trusted for this event store, or null when it can. */
export const staleReason = async (eventStore: EventStore, store: string, head: GenerationHead): Promise<string | null> => {
  if (head.checkpoint === null) return null;
  let parsed: unknown;
  try {
    parsed = head.origin === null ? undefined : JSON.parse(head.origin);
  } catch {
    parsed = undefined;
  }
  const decoded = Origin.decode(parsed);
  if (isLeft(decoded)) return 'they carry no record of the event store they were built from';
  const origin = decoded.right;
  if (origin.store !== store) return `they were built from another event store (${origin.store}; this one is ${store})`;
  const event = (await eventStore.readStream(origin.stream)).find((e) => e.streamVersion === origin.streamVersion);
  if (event === undefined || event.metadata.hash !== origin.hash || comparePositions(event.position, head.checkpoint) !== 0) {
    return `the last event they folded (stream ${origin.stream}, streamVersion ${origin.streamVersion}) is not in this log as they saw it: the log was replaced or cut`;
  }
  return null;
};
