// The hash chain of SPEC §6: each event's hash covers its own fields and the hash before it in the
// stream, so editing, removing or reordering a stored event breaks every hash after it.
import { hash } from 'node:crypto';
import { GENESIS_HASH, type EventMetadata, type RecordedEvent } from '../domain/envelope.js';
import { canonicalJson, quoteJson } from './canonical-json.js';

/** The fields an event's hash covers (SPEC §6): the event and its metadata, less the hash itself. */
export type HashedFields = Pick<RecordedEvent, 'stream' | 'streamVersion' | 'type' | 'data'> & Omit<EventMetadata, 'hash'>;

/** SHA-256 hex of `previousHash` followed by the canonical JSON of the hashed fields, as UTF-8. */
export const eventHash = (previousHash: string, fields: HashedFields): string =>
  encodedEventHash(previousHash, encodeFields(fields, canonicalJson(fields.data) ?? 'null'));

/**
 * The hashed fields each already written as JSON. A store builds this once per event and reuses
 * the pieces for its own columns: canonical data for the data column, the rest for the metadata.
 */
export type EncodedFields = { readonly [K in keyof HashedFields]: string };

/**
 * `canonicalData` is `canonicalJson(f.data)`. Every field must be defined (ids null, not
 * undefined): canonicalJson would drop an undefined one, this writes it.
 */
export const encodeFields = (f: HashedFields, canonicalData: string): EncodedFields => ({
  stream: jsonOf(f.stream),
  streamVersion: jsonOf(f.streamVersion),
  type: jsonOf(f.type),
  data: canonicalData,
  occurredAt: jsonOf(f.occurredAt),
  recordedAt: jsonOf(f.recordedAt),
  actor: jsonOf(f.actor),
  commandId: jsonOf(f.commandId),
  correlationId: jsonOf(f.correlationId),
  causationId: jsonOf(f.causationId),
  schemaVersion: jsonOf(f.schemaVersion),
});

/** `JSON.stringify(value)` of a field (JavaScript callers may pass any value), text the quick way. */
const jsonOf = (value: unknown): string => (typeof value === 'string' ? quoteJson(value) : JSON.stringify(value));

/** `canonicalJson(fields)` for the one shape it has, keys sorted by hand: no sorting per event. */
export const canonicalEventJson = (e: EncodedFields): string =>
  `{"actor":${e.actor},"causationId":${e.causationId},"commandId":${e.commandId},"correlationId":${e.correlationId}` +
  `,"data":${e.data},"occurredAt":${e.occurredAt},"recordedAt":${e.recordedAt},"schemaVersion":${e.schemaVersion}` +
  `,"stream":${e.stream},"streamVersion":${e.streamVersion},"type":${e.type}}`;

// What the hash reads: the previous hash, then canonicalEventJson's text. Written into one array
// and joined, so the text is made flat at once; concatenating it made some twenty intermediate
// strings per event, which the hash then copied flat anyway. Slots 1, 3, … 21 and 23 never change.
const HASH_INPUT: string[] = [
  '', '{"actor":', '', ',"causationId":', '', ',"commandId":', '', ',"correlationId":', '',
  ',"data":', '', ',"occurredAt":', '', ',"recordedAt":', '', ',"schemaVersion":', '',
  ',"stream":', '', ',"streamVersion":', '', ',"type":', '', '}',
];

/** SHA-256 hex of `previousHash` followed by `canonicalEventJson(encoded)`. */
export const encodedEventHash = (previousHash: string, e: EncodedFields): string => {
  const input = HASH_INPUT;
  input[0] = previousHash;
  input[2] = e.actor;
  input[4] = e.causationId;
  input[6] = e.commandId;
  input[8] = e.correlationId;
  input[10] = e.data;
  input[12] = e.occurredAt;
  input[14] = e.recordedAt;
  input[16] = e.schemaVersion;
  input[18] = e.stream;
  input[20] = e.streamVersion;
  input[22] = e.type;
  return hash('sha256', input.join(''), 'hex');
};

/** The hashed fields of a stored event. */
export const hashedFieldsOf = (event: RecordedEvent): HashedFields => ({
  stream: event.stream,
  streamVersion: event.streamVersion,
  type: event.type,
  data: event.data,
  occurredAt: event.metadata.occurredAt,
  recordedAt: event.metadata.recordedAt,
  actor: event.metadata.actor,
  commandId: event.metadata.commandId,
  correlationId: event.metadata.correlationId,
  causationId: event.metadata.causationId,
  schemaVersion: event.metadata.schemaVersion,
});

/**
 * The first event of one stream's events (in stream order) that breaks the chain: a hash that does
 * not recompute, a streamVersion that is not the next one from 0, or another stream's event.
 * Null when the whole chain holds.
 */
export const verifyChain = (events: Iterable<RecordedEvent>): RecordedEvent | null => {
  let previousHash = GENESIS_HASH;
  let expectedVersion = 0;
  let stream: string | undefined;
  for (const event of events) {
    stream ??= event.stream;
    if (event.stream !== stream || event.streamVersion !== expectedVersion) return event;
    if (eventHash(previousHash, hashedFieldsOf(event)) !== event.metadata.hash) return event;
    previousHash = event.metadata.hash;
    expectedVersion++;
  }
  return null;
};
