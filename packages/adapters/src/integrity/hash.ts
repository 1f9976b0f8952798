// The hash chain of SPEC §6: each event's hash covers its own fields and the hash before it in the
// stream, so editing, removing or reordering a stored event breaks every hash after it.
import { hash } from 'node:crypto';
import { GENESIS_HASH, type RecordedEvent } from '@rapport/domain';
import { canonicalJson } from './canonical-json.js';

/** The fields an event's hash covers (SPEC §6). */
export interface HashedFields {
  readonly stream: string;
  readonly streamVersion: number;
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly actor: string;
  readonly commandId: string | null;
  readonly correlationId: string | null;
  readonly causationId: string | null;
  readonly schemaVersion: number;
}

/** SHA-256 hex of `previousHash` followed by the canonical JSON of the hashed fields, as UTF-8. */
export const eventHash = (previousHash: string, fields: HashedFields): string =>
  sha256Hex(previousHash + (canonicalJson(fields) ?? ''));

/**
 * The same hash when the caller already holds `canonicalJson(fields.data)`: stores write that text
 * as the data column, so serializing it once saves a second walk of the payload on every append.
 * Keys are written in sorted order by hand, which is what canonicalJson would produce.
 */
export const eventHashWithData = (previousHash: string, fields: HashedFields, canonicalData: string): string =>
  sha256Hex(
    previousHash +
      `{"actor":${JSON.stringify(fields.actor)},"causationId":${JSON.stringify(fields.causationId)}` +
      `,"commandId":${JSON.stringify(fields.commandId)},"correlationId":${JSON.stringify(fields.correlationId)}` +
      `,"data":${canonicalData},"occurredAt":${JSON.stringify(fields.occurredAt)}` +
      `,"recordedAt":${JSON.stringify(fields.recordedAt)},"schemaVersion":${JSON.stringify(fields.schemaVersion)}` +
      `,"stream":${JSON.stringify(fields.stream)},"streamVersion":${JSON.stringify(fields.streamVersion)}` +
      `,"type":${JSON.stringify(fields.type)}}`,
  );

const sha256Hex = (text: string): string => hash('sha256', text, 'hex');

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
