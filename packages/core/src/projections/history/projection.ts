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
import { writtenInBatch, type Projection } from '../projection.js';

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

/**
 * An entry's JSON text in pieces: streamVersion, position, type, data and metadata, each already
 * JSON. Kept apart until the chunk is written: the store's own strings are held as they are, and
 * a chunk's text is built in one join (concatenating on every event held a tree of pieces, about
 * as large again as the text, for as long as the client's chunk stayed open).
 */
type EntryParts = readonly [string, string, string, string, string];

/** A chunk as this runner built it: its entries' pieces, joined into JSON text when written. */
export class ChunkText extends JsonText {
  readonly #entries: EntryParts[];
  #last: number;

  /** `entries` becomes the chunk's own: the caller keeps no reference to it. */
  constructor(entries: EntryParts[], last: number) {
    super('');
    this.#entries = entries;
    this.#last = last;
  }

  get entries(): readonly EntryParts[] {
    return this.#entries;
  }

  /** The streamVersion of the chunk's last entry. */
  get last(): number {
    return this.#last;
  }

  /** Adds the chunk's next event: only to a chunk the batch wrote (writtenInBatch). */
  append(entry: EntryParts, streamVersion: number): void {
    this.#entries.push(entry);
    this.#last = streamVersion;
  }

  override get json(): string {
    const parts: string[] = ['['];
    for (const [i, [streamVersion, position, type, data, metadata]] of this.entries.entries()) {
      parts.push(i === 0 ? '[' : ',[', streamVersion, ',', position, ',', type, ',', data, ',', metadata, ']');
    }
    parts.push(']');
    return parts.join('');
  }
}

/**
 * `client-ID/0000000042`: the key of a client's chunk 42 (its stream versions 336–343); a client's
 * chunks sort in stream order, and '/' is in no id (SPEC §1), so one key range holds exactly one
 * client's stream.
 */
export const historyKey = (stream: string, chunk: number): string =>
  // Joined, so the key is one flat string: a concatenated one is a pair the maps it is looked up
  // in flatten on every lookup.
  [stream, '/', String(chunk).padStart(10, '0')].join('');

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

/** Types as JSON strings: a handful of event types, quoted once each. */
const quotedTypes = new Map<string, string>();
const quoted = (type: string): string => {
  let json = quotedTypes.get(type);
  if (json === undefined) quotedTypes.set(type, (json = JSON.stringify(type)));
  return json;
};

/** An event's entry, from the store's own text of data and metadata when it gave it. */
const entryOf = (e: RecordedEvent): EntryParts => [
  String(e.streamVersion),
  String(positionNumber(e.position)),
  quoted(e.type),
  e.json?.data ?? JSON.stringify(e.data),
  e.json?.metadata ?? JSON.stringify(e.metadata),
];

const lastVersion = (chunk: HistoryChunk): number => (chunk instanceof ChunkText ? chunk.last : (chunk[chunk.length - 1]?.[0] ?? -1));

/** A chunk's entries, the stored ones serialised again (a chunk read back from the store). */
const entriesOf = (chunk: HistoryChunk): readonly EntryParts[] =>
  chunk instanceof ChunkText
    ? chunk.entries
    : chunk.map(([streamVersion, position, type, data, metadata]) => [String(streamVersion), String(position), quoted(type), JSON.stringify(data), JSON.stringify(metadata)] as const);

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
    // Copy on write, per batch: a chunk this batch wrote takes the event in place.
    if (before instanceof ChunkText && writtenInBatch(view.chunks, key)) {
      before.append(entryOf(recorded), streamVersion);
      return [{ collection: 'chunks', key, doc: before }];
    }
    const entries = before === undefined ? [entryOf(recorded)] : [...entriesOf(before), entryOf(recorded)];
    return [{ collection: 'chunks', key, doc: new ChunkText(entries, streamVersion) }];
  },
  // A full chunk is never read again (the next event starts the next one).
  retain: ({ doc }) => lastVersion(doc) % HISTORY_CHUNK !== HISTORY_CHUNK - 1,
};
