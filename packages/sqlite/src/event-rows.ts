// Rows in and out of the events table: binding sealed events to INSERT statements, a few rows to
// a statement, and turning the rows readStream and readAll return into recorded events.
import Database from 'libsql';
import { sequencePosition, type AppendRequest, type EventMetadata, type LogPosition, type RecordedEvent, type RecordedJson } from '@rapport/core';
import { parseStoredRow, type SealedEvent } from '@rapport/core/store-kit';
import type { SqliteDatabase } from './database.js';
import { INSERT_CHUNK } from './event-store-schema.js';

type Statement = ReturnType<SqliteDatabase['prepare']>;

// The column order of SQL.readStream / SQL.readAll; SQLite's STRICT tables guarantee the types.
type EventRow = [position: number, stream: string, streamVersion: number, type: string, data: string, metadata: string];

/**
 * The streams whose first request in a batch expects them not to exist and writes to them: on a
 * growing firm, most of a group commit's streams, whose heads then need no query (see
 * StreamHeads.read).
 */
export const claimedNew = (requests: readonly AppendRequest[]): Set<string> => {
  const seen = new Set<string>();
  const claimed = new Set<string>();
  for (const { stream, expected, events } of requests) {
    if (seen.has(stream)) continue;
    seen.add(stream);
    // Only a request that writes version 0 lets UNIQUE check the claim: an empty one is looked up.
    if (expected === 'no-stream' && events.length > 0) claimed.add(stream);
  }
  return claimed;
};

/**
 * Runs `one`, or `many` (the same statement over INSERT_CHUNK rows), until every item is written;
 * returns the last rowid inserted.
 */
export const writeRows = <T>(
  one: Statement,
  many: Statement,
  columns: number,
  items: readonly T[],
  bind: (target: unknown[], offset: number, item: T) => void,
): number | bigint => {
  let last: number | bigint = 0;
  let i = 0;
  const chunk: unknown[] = new Array(INSERT_CHUNK * columns);
  for (; i + INSERT_CHUNK <= items.length; i += INSERT_CHUNK) {
    for (let j = 0; j < INSERT_CHUNK; j++) bind(chunk, j * columns, items[i + j]!);
    last = many.run(chunk).lastInsertRowid;
  }
  const row: unknown[] = new Array(columns);
  for (; i < items.length; i++) {
    bind(row, 0, items[i]!);
    last = one.run(row).lastInsertRowid;
  }
  return last;
};

export const EVENT_COLUMNS = 5;

export const bindEvent = (target: unknown[], offset: number, event: SealedEvent): void => {
  target[offset] = event.stream;
  target[offset + 1] = event.streamVersion;
  target[offset + 2] = event.type;
  target[offset + 3] = event.dataJson;
  target[offset + 4] = event.metadataJson;
};

/**
 * This store's positions are (n, n). Strictly after (c, p) means n > c, or n = c when p < c: the
 * greatest n a reader has already seen.
 */
export const lastSequenceNotAfter = (after: LogPosition): bigint => (after.prepare < after.commit ? after.commit - 1n : after.commit);

export const sequenceAfter = (after: LogPosition | null): bigint => (after === null ? 0n : lastSequenceNotAfter(after));

/** The one column of a raw single-row statement's row. */
export const firstCell = (row: unknown): unknown => (Array.isArray(row) ? row[0] : undefined);

export const toRecordedEvent = (row: unknown): RecordedEvent => {
  const [n, stream, streamVersion, type, dataText, metadataText] = row as EventRow;
  const position = sequencePosition(n);
  const { data, metadata } = parseStoredRow({ stream, streamVersion, position, data: dataText, metadata: metadataText });
  return { stream, streamVersion, position, type, data, metadata };
};

/**
 * An event of readAll with the JSON text it was parsed from (RecordedEvent.json) behind a getter:
 * not an own field, so the event compares and copies as a plain one (a copy, which may change
 * data, carries no text that could disagree with it).
 */
class EventWithJson implements RecordedEvent {
  readonly #json: RecordedJson;
  constructor(
    readonly stream: string,
    readonly streamVersion: number,
    readonly position: LogPosition,
    readonly type: string,
    readonly data: Readonly<Record<string, unknown>>,
    readonly metadata: EventMetadata,
    json: RecordedJson,
  ) {
    this.#json = json;
  }

  get json(): RecordedJson {
    return this.#json;
  }
}

export const toRecordedEventWithJson = (row: unknown): RecordedEvent => {
  const [n, stream, streamVersion, type, dataText, metadataText] = row as EventRow;
  const position = sequencePosition(n);
  const { data, metadata } = parseStoredRow({ stream, streamVersion, position, data: dataText, metadata: metadataText });
  return new EventWithJson(stream, streamVersion, position, type, data, metadata, { data: dataText, metadata: metadataText });
};

export const isDuplicateKey = (error: unknown): boolean =>
  error instanceof Database.SqliteError && (error.code === 'SQLITE_CONSTRAINT_UNIQUE' || error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY');
