// The `history` projection: every event of every client stream, verbatim (data as recorded, full
// metadata with its hash), keyed by stream and streamVersion, so `history CLIENT --catch-up never`
// answers from the read models alone (SPEC §4.7's events, in stream order) when only the
// read-model store can be reached. It doubles what a client's events take in the read models;
// that is the price of a reader that never opens the log.
import { sequencePosition, type RecordedEvent } from '../../domain/envelope.js';
import { clientStream } from '../../domain/streams.js';
import { historyEvent, type ClientHistoryEvent } from '../../reports/history/query.js';
import type { KeyRange } from '../../ports/read-model-store.js';
import type { Projection } from '../projection.js';

export type HistoryCollections = { events: ClientHistoryEvent };

const CLIENT_PREFIX = clientStream('');

/**
 * `client-ID/0000000042`: a client's events sort by streamVersion, and '/' is in no id (SPEC §1),
 * so one key range holds exactly one client's stream.
 */
export const historyKey = (stream: string, streamVersion: number): string => `${stream}/${String(streamVersion).padStart(10, '0')}`;

/** The key range of one client's events (see historyKey). */
export const historyRange = (clientId: string): Omit<KeyRange, 'limit'> => ({ from: `${clientStream(clientId)}/`, to: `${clientStream(clientId)}0` });

/** A stored history entry as the event the history report folds (the position as history prints it). */
export const recordedOf = (clientId: string, doc: ClientHistoryEvent): RecordedEvent => ({
  stream: clientStream(clientId),
  streamVersion: doc.streamVersion,
  position: sequencePosition(doc.position),
  type: doc.type,
  data: doc.data,
  metadata: doc.metadata,
});

export const historyProjection: Projection<HistoryCollections> = {
  name: 'history',
  version: 1,
  collections: ['events'],
  // An event made by hand, not read from a store, has no record to keep (see ProjectedEvent).
  handle: ({ recorded }) =>
    recorded?.stream.startsWith(CLIENT_PREFIX) === true ? [{ collection: 'events', key: historyKey(recorded.stream, recorded.streamVersion), doc: historyEvent(recorded) }] : [],
};
