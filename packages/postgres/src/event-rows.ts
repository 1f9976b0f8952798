// Rows of the events table as the port's recorded events.
import type { LogPosition, RecordedEvent } from '@rapport/core';
import { parseStoredRow } from '@rapport/core/store-kit';
import type { EventRow } from './schema.js';

/**
 * An event's place in the log: its transaction (commit, the number people see; every event of one
 * append shares it) and its row's sequence value (prepare, the order within the transaction).
 */
export const logPosition = (transactionId: string, position: string): LogPosition => ({ commit: BigInt(transactionId), prepare: BigInt(position) });

export const toRecordedEvent = (row: EventRow): RecordedEvent => {
  const { stream, stream_version: streamVersion, type } = row;
  const position = logPosition(row.transaction_id, row.position);
  const { data, metadata } = parseStoredRow({ stream, streamVersion, position, data: row.data, metadata: row.metadata });
  return { stream, streamVersion, position, type, data, metadata };
};
