// The pure half of the EventStoreDB adapter: how Rapport's envelope maps onto EventStoreDB's event
// shapes and back, and how driver failures become the port's two errors. No I/O, so it is tested
// without a server.
import { StoreUnavailable, envelopeMetadata, type EventMetadata, type ExpectedRevision, type LogPosition, type RecordedEvent, type StreamConflict } from '@rapport/core';
import { NO_STREAM, metadataProblem, type StreamVersion, redactUrl } from '@rapport/core/store-kit';

/** EventStoreDB's `no_stream` expected/current revision (the driver's NO_STREAM constant). */
export const ESDB_NO_STREAM = 'no_stream';
export type EsdbRevision = typeof ESDB_NO_STREAM | bigint;

/** The driver's recorded event, as much of it as the mapping reads. */
export interface EsdbRecordedEvent {
  readonly streamId: string;
  readonly revision: bigint;
  readonly type: string;
  readonly isJson: boolean;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly position?: { readonly commit: bigint; readonly prepare: bigint } | undefined;
}

/** The prefixes of Rapport's streams (SPEC §1), and the firm's one stream: whatever else lives in the database is not ours. */
export const STREAM_PREFIXES = ['client-', 'salesperson-'] as const;
export const FIRM_STREAM_NAME = 'firm';

const isRapportStream = (stream: string): boolean => stream === FIRM_STREAM_NAME || STREAM_PREFIXES.some((prefix) => stream.startsWith(prefix));

/**
 * Where a Rapport stream lives in EventStoreDB: `namespace` + stream. The namespace (empty by
 * default) lets several stores share one server without seeing each other's events; the hash chain
 * always covers the stream's own name, never the namespace.
 */
export const physicalStream = (namespace: string, stream: string): string => `${namespace}${stream}`;

/** The Rapport stream an EventStoreDB stream holds, or null when it is not one of ours. */
export const logicalStream = (namespace: string, streamId: string): string | null => {
  if (streamId.startsWith('$') || !streamId.startsWith(namespace)) return null;
  const stream = streamId.slice(namespace.length);
  return isRapportStream(stream) ? stream : null;
};

/** A namespace must not make a stream look like a system stream, or hide the prefix check. */
export const checkNamespace = (namespace: string): string => {
  if (namespace.startsWith('$')) throw new RangeError(`an EventStoreDB namespace cannot start with "$": "${namespace}"`);
  return namespace;
};

/** The revision EventStoreDB must find the stream at for an append after `version` (-1: none). */
export const expectedRevisionAt = (version: StreamVersion): EsdbRevision => (version === NO_STREAM ? ESDB_NO_STREAM : BigInt(version));

/** A stream's version from EventStoreDB's current revision. */
export const versionOfRevision = (revision: EsdbRevision): StreamVersion => (revision === ESDB_NO_STREAM ? NO_STREAM : Number(revision));

export const conflictOf = (stream: string, expected: ExpectedRevision, actual: EsdbRevision | StreamVersion): StreamConflict => {
  const version = typeof actual === 'number' ? actual : versionOfRevision(actual);
  return { kind: 'StreamConflict', stream, expected, actual: version === NO_STREAM ? 'no-stream' : version };
};

export const logPosition = (position: { readonly commit: bigint; readonly prepare: bigint }): LogPosition => ({
  commit: position.commit,
  prepare: position.prepare,
});

/** The event's JSON metadata: the whole envelope metadata, hash included. */
export const esdbMetadata = (metadata: EventMetadata): Record<string, unknown> => ({ ...envelopeMetadata(metadata) });

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The envelope metadata an event carries, or null when it was not written by Rapport: the shape
 * every store's rows are held to (metadataProblem), its fields only.
 */
export const rapportMetadata = (raw: unknown): EventMetadata | null => (metadataProblem(raw) === null ? envelopeMetadata(raw as EventMetadata) : null);

/**
 * The RecordedEvent an EventStoreDB event is, or null when it is not one of Rapport's (a system
 * event, another application's stream, an event without the envelope metadata).
 */
export const toRecordedEvent = (namespace: string, event: EsdbRecordedEvent): RecordedEvent | null => {
  const stream = logicalStream(namespace, event.streamId);
  if (stream === null || event.type.startsWith('$') || !event.isJson || !isRecord(event.data)) return null;
  const metadata = rapportMetadata(event.metadata);
  if (metadata === null) return null;
  // Servers before 22.6 leave positions out of stream reads; a RecordedEvent cannot do without one.
  if (event.position === undefined || event.position.commit === NO_POSITION) throw new StoreUnavailable(`EventStoreDB returned ${event.streamId}@${event.revision} without a log position (server older than 22.6?)`);
  return {
    stream,
    streamVersion: Number(event.revision),
    position: logPosition(event.position),
    type: event.type,
    data: event.data,
    metadata,
  };
};

/** What servers that do not know an event's position send instead (the .NET clients' ulong -1). */
const NO_POSITION = 2n ** 64n - 1n;

/** What a driver failure means at the port. */
export type EsdbFailure =
  | { readonly kind: 'wrong-expected-version'; readonly actual: EsdbRevision }
  | { readonly kind: 'stream-not-found' }
  | { readonly kind: 'unavailable' }
  | { readonly kind: 'caller' };

/**
 * Classifies by the driver's `type` tag rather than its classes, so the rule is testable with plain
 * objects. A caller's own mistakes (TypeError, RangeError) keep their type; everything else the
 * server or the network says is the store being unavailable.
 */
export const classifyFailure = (error: unknown): EsdbFailure => {
  if (error instanceof TypeError || error instanceof RangeError) return { kind: 'caller' };
  const type = isRecord(error) || error instanceof Error ? (error as { type?: unknown }).type : undefined;
  if (type === 'wrong-expected-version') {
    const actual = (error as { actualVersion?: unknown }).actualVersion;
    return { kind: 'wrong-expected-version', actual: typeof actual === 'bigint' ? actual : ESDB_NO_STREAM };
  }
  if (type === 'stream-not-found') return { kind: 'stream-not-found' };
  return { kind: 'unavailable' };
};

/** The endpoint named in errors: the connection string without its password. */
export const endpointOf = (connectionString: string): string => redactUrl(connectionString);

/** The error the port throws for a failure that is neither a conflict nor a missing stream. */
export const unavailable = (endpoint: string, cause: unknown): Error => {
  if (cause instanceof StoreUnavailable) return cause;
  if (classifyFailure(cause).kind === 'caller') return cause as Error;
  return new StoreUnavailable(`EventStoreDB event store ${endpoint}: ${detailOf(cause)}`, { cause });
};

/**
 * What the driver said. Errors of its batched appends (servers from 21.10) carry no message, only
 * their kind in `type` (maximum-append-size-exceeded, stream-deleted, access-denied…): that is said then.
 */
const detailOf = (cause: unknown): string => {
  const message = cause instanceof Error ? cause.message : String(cause);
  if (message !== '') return message;
  const type = isRecord(cause) || cause instanceof Error ? (cause as { type?: unknown }).type : undefined;
  const name = cause instanceof Error ? cause.name : 'error';
  return typeof type === 'string' && type !== '' ? `${type} (${name}, no message)` : `${name} (no message)`;
};
