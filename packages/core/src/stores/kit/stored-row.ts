// A row of a store's log back into an event's data and metadata. The text was written by Rapport,
// but a row can still be damaged outside it (an edit by hand, a broken disk): such a row is an
// integrity failure naming it, not a SyntaxError or a TypeError deep inside whoever reads it next.
import type { EventMetadata, LogPosition } from '../../domain/envelope.js';
import { DamagedStoredEvent } from '../../ports/event-store.js';

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isNullableString = (value: unknown): boolean => value === null || typeof value === 'string';

/**
 * What is wrong with an event's metadata, or null when it has every field of SPEC §1 with its
 * type (`hash` only as a string: whether it is the right one is the chain's to say).
 */
export const metadataProblem = (m: unknown): string | null => {
  if (!isRecord(m)) return 'metadata must be a JSON object';
  if (typeof m.occurredAt !== 'string' || typeof m.recordedAt !== 'string' || typeof m.actor !== 'string') {
    return 'metadata.occurredAt, recordedAt and actor must be strings';
  }
  if (!isNullableString(m.commandId) || !isNullableString(m.correlationId) || !isNullableString(m.causationId)) {
    return 'metadata.commandId, correlationId and causationId must be strings or null';
  }
  if (!Number.isSafeInteger(m.schemaVersion)) return 'metadata.schemaVersion must be an integer';
  if (typeof m.hash !== 'string') return 'metadata.hash must be a string';
  return null;
};

const parsed = (text: string): { value: unknown } | null => {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return null;
  }
};

export interface StoredRow {
  readonly stream: string;
  readonly streamVersion: number;
  readonly position: LogPosition;
  readonly data: string;
  readonly metadata: string;
}

/** The row's data and metadata parsed; DamagedStoredEvent naming the row when they are not an event's. */
export const parseStoredRow = (row: StoredRow): { data: Readonly<Record<string, unknown>>; metadata: EventMetadata } => {
  const metadata = parsed(row.metadata);
  const data = parsed(row.data);
  const problem =
    metadata === null ? 'its metadata is not JSON' : (metadataProblem(metadata.value) ?? (data === null ? 'its data is not JSON' : isRecord(data.value) ? null : 'its data is not a JSON object'));
  if (problem === null) return { data: data!.value as Readonly<Record<string, unknown>>, metadata: metadata!.value as EventMetadata };
  const hash = isRecord(metadata?.value) && typeof metadata.value.hash === 'string' ? metadata.value.hash : null;
  throw new DamagedStoredEvent(row.stream, row.streamVersion, row.position, hash, problem);
};

/**
 * Turns a page of rows into events. A damaged row ends the page: the events before it are returned
 * with it, so that a reader (verify) can take them before the row is reported.
 */
export const parseStoredPage = <R, E>(rows: readonly R[], toEvent: (row: R) => E): { events: E[]; damaged: DamagedStoredEvent | null } => {
  try {
    return { events: rows.map(toEvent), damaged: null };
  } catch (error) {
    if (!(error instanceof DamagedStoredEvent)) throw error;
  }
  // The rare page with a damaged row, again one row at a time to keep those before it.
  const events: E[] = [];
  for (const row of rows) {
    try {
      events.push(toEvent(row));
    } catch (error) {
      if (error instanceof DamagedStoredEvent) return { events, damaged: error };
      throw error;
    }
  }
  return { events, damaged: null };
};
