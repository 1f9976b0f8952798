// The `history` projection: every event of every client stream, verbatim (data as recorded, full
// metadata with its hash), so `history CLIENT --catch-up never` answers from the read models alone
// (SPEC §4.7's events, in stream order) when only the read-model store can be reached. It doubles
// what a client's events take in the read models; that is the price of a reader that never opens
// the log.
//
// A client's events are kept in chunks of HISTORY_CHUNK consecutive stream versions, one document
// per chunk: a rebuild writes one row per chunk rather than one per event (200,000 history rows
// took longer to insert than the rest of a rebuild together), while a live event rewrites one
// chunk of at most HISTORY_CHUNK events. Each chunk is built as JSON text from the text the event
// store read the event from (RecordedEvent.json) where it has it, so nothing is serialised twice.
import { sequencePosition, positionNumber, type EventMetadata, type RecordedEvent } from '../../domain/envelope.js';
import { clientStream } from '../../domain/streams.js';
import { JsonText, type KeyRange } from '../../ports/read-model-store.js';
import type { Projection } from '../projection.js';

/** Events per history document (a client's stream versions 0–7, 8–15, …). */
export const HISTORY_CHUNK = 8;

/** One event of a chunk, as stored: `[streamVersion, position, type, data, metadata]`. */
export type HistoryEntry = readonly [streamVersion: number, position: number, type: string, data: Readonly<Record<string, unknown>>, metadata: EventMetadata];

/**
 * A chunk as a handler sees it: the entries (as read back from a store), or the text this runner
 * wrote (ChunkText), which is the same JSON value.
 */
export type HistoryChunk = readonly HistoryEntry[] | ChunkText;

export type HistoryCollections = { chunks: HistoryChunk };

const CLIENT_PREFIX = clientStream('');

/** A chunk's JSON text, kept open (without its closing bracket) so the next event is appended to it. */
export class ChunkText extends JsonText {
  constructor(
    /** `[entry,entry…` */
    readonly open: string,
    /** The streamVersion of the chunk's last entry. */
    readonly last: number,
  ) {
    super(`${open}]`);
  }
}

/**
 * `client-ID/0000000042`: the key of a client's chunk 42 (its stream versions 336–343); a client's
 * chunks sort in stream order, and '/' is in no id (SPEC §1), so one key range holds exactly one
 * client's stream.
 */
export const historyKey = (stream: string, chunk: number): string => `${stream}/${String(chunk).padStart(10, '0')}`;

/** The key range of one client's chunks (see historyKey). */
export const historyRange = (clientId: string): Omit<KeyRange, 'limit'> => ({ from: `${clientStream(clientId)}/`, to: `${clientStream(clientId)}0` });

/** The events of a stored chunk, in stream order, as the event store would give them to the history report. */
export const recordedOf = (clientId: string, chunk: readonly HistoryEntry[]): RecordedEvent[] =>
  chunk.map(([streamVersion, position, type, data, metadata]) => ({
    stream: clientStream(clientId),
    streamVersion,
    position: sequencePosition(position),
    type,
    data,
    metadata,
  }));

/**
 * An entry's JSON text, from the store's own text of data and metadata when it gave it. Joined
 * rather than concatenated: one flat string, where `+` would hold a tree of pieces (about as many
 * bytes again) for as long as the client's chunk stays open.
 */
const entryJson = (e: RecordedEvent): string =>
  ['[', e.streamVersion, ',', positionNumber(e.position), ',', JSON.stringify(e.type), ',', e.json?.data ?? JSON.stringify(e.data), ',', e.json?.metadata ?? JSON.stringify(e.metadata), ']'].join('');

const lastVersion = (chunk: HistoryChunk): number => (chunk instanceof ChunkText ? chunk.last : (chunk[chunk.length - 1]?.[0] ?? -1));

/** The chunk's text without its closing bracket. */
const openText = (chunk: HistoryChunk): string => (chunk instanceof ChunkText ? chunk.open : JSON.stringify(chunk).slice(0, -1));

export const historyProjection: Projection<HistoryCollections> = {
  name: 'history',
  // 2: a document per chunk of HISTORY_CHUNK events (1: one per event).
  version: 2,
  collections: ['chunks'],
  // An event made by hand, not read from a store, has no record to keep (see ProjectedEvent).
  handle: ({ recorded }, view) => {
    if (recorded?.stream.startsWith(CLIENT_PREFIX) !== true) return [];
    const { stream, streamVersion } = recorded;
    const key = historyKey(stream, Math.floor(streamVersion / HISTORY_CHUNK));
    // A chunk's first event starts it: nothing to read.
    const before = streamVersion % HISTORY_CHUNK === 0 ? undefined : view.chunks.get(key);
    // Already in the chunk: folding an event twice changes nothing.
    if (before !== undefined && lastVersion(before) >= streamVersion) return [];
    const entry = entryJson(recorded);
    const open = before === undefined ? `[${entry}` : `${openText(before)},${entry}`;
    return [{ collection: 'chunks', key, doc: new ChunkText(open, streamVersion) }];
  },
  // A full chunk is never read again (the next event starts the next one).
  retain: ({ doc }) => lastVersion(doc) % HISTORY_CHUNK !== HISTORY_CHUNK - 1,
};
