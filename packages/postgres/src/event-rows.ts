// Rows of the events table as the port's recorded events.
import type { LogPosition, RecordedEvent } from '@rapport/core';
import type { EventRow } from './schema.js';

/**
 * An event's place in the log: its transaction (commit, the number people see; every event of one
 * append shares it) and its row's sequence value (prepare, the order within the transaction).
 */
export const logPosition = (transactionId: string, position: string): LogPosition => ({ commit: BigInt(transactionId), prepare: BigInt(position) });

export const toRecordedEvent = (row: EventRow): RecordedEvent => ({
  stream: row.stream,
  streamVersion: row.stream_version,
  position: logPosition(row.transaction_id, row.position),
  type: row.type,
  data: JSON.parse(row.data) as Readonly<Record<string, unknown>>,
  metadata: JSON.parse(row.metadata),
});
