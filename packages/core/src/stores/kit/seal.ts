// Turns a NewEvent into what a store writes: recordedAt stamped, nullable ids normalised, and the
// hash chained from the stream's previous event (SPEC §6). Shared so every store hashes alike.
import type { AppendRequest } from '../../ports/event-store.js';
import type { EventMetadata, NewEvent } from '../../domain/envelope.js';
import { canonicalJson } from '../../integrity/canonical-json.js';
import { encodeFields, encodedEventHash, type HashedFields } from '../../integrity/hash.js';

export interface SealedEvent {
  readonly stream: string;
  readonly streamVersion: number;
  readonly type: string;
  /** The caller's own data object, not a copy. */
  readonly data: Readonly<Record<string, unknown>>;
  /** Canonical JSON of the data: what the hash covers, and what stores persist. */
  readonly dataJson: string;
  readonly metadata: EventMetadata;
  /** `JSON.stringify(metadata)`, built from the pieces the hash already serialized. */
  readonly metadataJson: string;
}

/**
 * One system instant per append, read from the clock only if some event needs it: every event of
 * a transaction was recorded at the same moment, and an import never touches the clock.
 */
export const recordingInstant = (clock: () => Date): (() => string) => {
  let instant: string | undefined;
  return () => (instant ??= clock().toISOString());
};

export const sealEvent = (
  stream: string,
  streamVersion: number,
  previousHash: string,
  event: NewEvent,
  now: () => string,
): SealedEvent => {
  const m = event.metadata;
  const dataJson = canonicalJson(event.data);
  if (dataJson === undefined) throw new TypeError(`the data of ${event.type} on ${stream} is not JSON`);
  // Every field spelled out: a JavaScript caller may leave ids undefined, and stored and hashed
  // they must read back the same. (Spreading the metadata here made sealing three times slower.)
  const fields: HashedFields = {
    stream,
    streamVersion,
    type: event.type,
    data: event.data,
    occurredAt: m.occurredAt,
    recordedAt: m.recordedAt ?? now(),
    actor: m.actor,
    commandId: m.commandId ?? null,
    correlationId: m.correlationId ?? null,
    causationId: m.causationId ?? null,
    schemaVersion: m.schemaVersion,
  };
  const encoded = encodeFields(fields, dataJson);
  const hash = encodedEventHash(previousHash, encoded);
  const metadata: EventMetadata = {
    occurredAt: fields.occurredAt,
    recordedAt: fields.recordedAt,
    actor: fields.actor,
    commandId: fields.commandId,
    correlationId: fields.correlationId,
    causationId: fields.causationId,
    schemaVersion: fields.schemaVersion,
    hash,
  };
  const metadataJson =
    `{"occurredAt":${encoded.occurredAt},"recordedAt":${encoded.recordedAt},"actor":${encoded.actor}` +
    `,"commandId":${encoded.commandId},"correlationId":${encoded.correlationId},"causationId":${encoded.causationId}` +
    `,"schemaVersion":${encoded.schemaVersion},"hash":"${hash}"}`;
  return { stream, streamVersion, type: event.type, data: event.data, dataJson, metadata, metadataJson };
};

/** Where a stream's chain stands inside an append: its last version, hash and occurredAt. */
export interface ChainHead {
  version: number;
  hash: string;
  occurredAt?: string;
}

/**
 * Seals every event of the requests in order, moving each stream's head (transaction-local copies
 * the caller owns) as it goes, so a second request to a stream chains from the first.
 */
export const sealRequests = (requests: readonly AppendRequest[], heads: ReadonlyMap<string, ChainHead>, now: () => string): SealedEvent[] => {
  const sealed: SealedEvent[] = [];
  for (const { stream, events } of requests) {
    const head = heads.get(stream);
    if (head === undefined) throw new Error(`no head read for stream ${stream}`);
    for (const event of events) {
      const next = sealEvent(stream, head.version + 1, head.hash, event, now);
      sealed.push(next);
      head.version = next.streamVersion;
      head.hash = next.metadata.hash;
      head.occurredAt = next.metadata.occurredAt;
    }
  }
  return sealed;
};
