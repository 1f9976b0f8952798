// The rows W1's ceilings insert: the W1 events as Rapport's stores write them (canonical data,
// metadata with a 64-hex hash), built before any clock starts.
import { canonicalJson } from '@rapport/core/store-kit';
import type { EventRow } from '../support/sqlite-file.js';
import type { W1Size } from './sides.js';
import { streamName, w1Step } from './workload.js';

const RECORDED_AT = '2024-06-30T12:00:00.000Z';

const w1Row = (c: number, j: number, i: number): EventRow => {
  const { event, metadata: m } = w1Step(c, j);
  // Any 64 hex digits cost the same to store as a real SHA-256.
  const hash = i.toString(16).padStart(64, 'a');
  const metadata =
    `{"occurredAt":${JSON.stringify(m.occurredAt)},"recordedAt":"${RECORDED_AT}","actor":${JSON.stringify(m.actor)}` +
    `,"commandId":${JSON.stringify(m.commandId)},"correlationId":${JSON.stringify(m.correlationId)},"causationId":${JSON.stringify(m.causationId)}` +
    `,"schemaVersion":${m.schemaVersion},"hash":"${hash}"}`;
  return [streamName(c), j, event.type, canonicalJson(event.data)!, metadata];
};

/** Every W1 row, client by client: client c's rows start at c × commandsPerClient. */
export const w1Rows = (size: W1Size): EventRow[] => {
  const rows: EventRow[] = [];
  for (let c = 0; c < size.clients; c++) for (let j = 0; j < size.commandsPerClient; j++) rows.push(w1Row(c, j, rows.length));
  return rows;
};
