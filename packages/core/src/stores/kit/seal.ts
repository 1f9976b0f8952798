// Turns a NewEvent into what a store writes: recordedAt stamped, nullable ids normalised, and the
// hash chained from the stream's previous event (SPEC §6). Shared so every store hashes alike.
import type { AppendRequest } from '../../ports/event-store.js';
import type { EventMetadata, LogPosition, NewEvent, RecordedEvent } from '../../domain/envelope.js';
import { canonicalJson, quoteJson } from '../../integrity/canonical-json.js';
import { encodedEventHash, type EncodedFields } from '../../integrity/hash.js';
import { isoTextPerMs } from '../../domain/time/iso-instant.js';

/** A sealed event: what a store writes, with the JSON its columns take built from the hash's pieces. */
export class SealedEvent {
  constructor(
    readonly stream: string,
    readonly streamVersion: number,
    readonly type: string,
    /** The caller's own data object, not a copy. */
    readonly data: Readonly<Record<string, unknown>>,
    /** Canonical JSON of the data: what the hash covers, and what stores persist. */
    readonly dataJson: string,
    readonly metadata: EventMetadata,
    private readonly encoded: EncodedFields,
  ) {}

  /**
   * The event as recorded at `position`, carrying the caller's data object: the store holds the
   * canonical text, so nothing the caller does to it reaches the store.
   */
  recorded(position: LogPosition): RecordedEvent {
    return { stream: this.stream, streamVersion: this.streamVersion, position, type: this.type, data: this.data, metadata: this.metadata };
  }

  /**
   * `JSON.stringify(metadata)`, built from the pieces the hash already serialized. Written only
   * when a store asks: the memory store keeps objects and never does.
   */
  get metadataJson(): string {
    const e = this.encoded;
    return (
      `{"occurredAt":${e.occurredAt},"recordedAt":${e.recordedAt},"actor":${e.actor}` +
      `,"commandId":${e.commandId},"correlationId":${e.correlationId},"causationId":${e.causationId}` +
      `,"schemaVersion":${e.schemaVersion},"hash":"${this.metadata.hash}"}`
    );
  }
}

// Appends come many to a millisecond: recordedAt's text is written once per millisecond. Between
// two of SQLite's fsyncs a toISOString took about 2 µs, a tenth of sealing's time.
const recordedText = isoTextPerMs();

/**
 * One system instant per append, read from the clock only if some event needs it: every event of
 * a transaction was recorded at the same moment, and an import never touches the clock.
 */
export const recordingInstant = (clock: () => Date): (() => string) => {
  let instant: string | undefined;
  return () => {
    if (instant === undefined) {
      const now = clock();
      instant = recordedText(now.getTime(), now);
    }
    return instant;
  };
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
  const recordedAt = m.recordedAt ?? now();
  const commandId = m.commandId ?? null;
  const correlationId = m.correlationId ?? null;
  const causationId = m.causationId ?? null;
  // Each field written as JSON once, for the hash and the metadata column alike. A command's
  // correlation and causation ids are usually its commandId, and an append's events share their
  // recordedAt: those reuse the text already written instead of quoting it again.
  const commandIdJson = jsonOf(commandId);
  const correlationIdJson = correlationId === commandId ? commandIdJson : jsonOf(correlationId);
  const causationIdJson = causationId === commandId ? commandIdJson : causationId === correlationId ? correlationIdJson : jsonOf(causationId);
  const encoded: EncodedFields = {
    stream: jsonOf(stream),
    streamVersion: jsonOf(streamVersion),
    type: jsonOf(event.type),
    data: dataJson,
    occurredAt: jsonOf(m.occurredAt),
    recordedAt: typeof recordedAt === 'string' && recordedAt === lastRecordedAt ? lastRecordedAtJson : rememberRecordedAt(recordedAt),
    actor: jsonOf(m.actor),
    commandId: commandIdJson,
    correlationId: correlationIdJson,
    causationId: causationIdJson,
    schemaVersion: jsonOf(m.schemaVersion),
  };
  const hash = encodedEventHash(previousHash, encoded);
  const metadata: EventMetadata = {
    occurredAt: m.occurredAt,
    recordedAt,
    actor: m.actor,
    commandId,
    correlationId,
    causationId,
    schemaVersion: m.schemaVersion,
    hash,
  };
  return new SealedEvent(stream, streamVersion, event.type, event.data, dataJson, metadata, encoded);
};

/** `JSON.stringify(value)` of a field (JavaScript callers may pass any value), text the quick way; as hash.ts writes it. */
const jsonOf = (value: unknown): string => (typeof value === 'string' ? quoteJson(value) : JSON.stringify(value));

// The last recordedAt written and its JSON: every event of an append (and of an import's run of
// one instant) shares it.
let lastRecordedAt: unknown = undefined;
let lastRecordedAtJson = '';
const rememberRecordedAt = (recordedAt: unknown): string => {
  lastRecordedAtJson = jsonOf(recordedAt);
  lastRecordedAt = recordedAt;
  return lastRecordedAtJson;
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
    for (const event of events) sealed.push(sealNext(stream, head, event, now));
  }
  return sealed;
};

/** Seals `event` as the next of `stream`, whose chain stands at `head`, and moves `head` past it. */
export const sealNext = (stream: string, head: ChainHead, event: NewEvent, now: () => string): SealedEvent => {
  const next = sealEvent(stream, head.version + 1, head.hash, event, now);
  head.version = next.streamVersion;
  head.hash = next.metadata.hash;
  head.occurredAt = next.metadata.occurredAt;
  return next;
};
