// `rapport history CLIENT`: a client's full trail for an auditor, and its state as of T (SPEC §4.7).
import { Id, ReportError } from '@rapport/core';
import type { ClientHistoryReport, Known } from '@rapport/core';
import { EXIT, UsageError } from '../exit-codes.js';
import { AS_OF_OPTION, KNOWN_AT_OPTION } from '../report/inputs.js';
import { columnsOf, flatten, renderReport } from '../report/layout.js';
import { readReport } from '../store/open-rapport.js';
import { defineCommand } from './command.js';

const METADATA = ['occurredAt', 'recordedAt', 'actor', 'commandId', 'correlationId', 'causationId', 'schemaVersion', 'hash'] as const;
const STATE = ['name', 'stage', 'stageSince', 'ownerId', 'lifetime', 'lifetimeValue', 'openComplaints'] as const;

/** CSV: data as one JSON text cell (its fields differ by event type), metadata flattened. */
const csvRows = (report: ClientHistoryReport) => ({
  columns: columnsOf(['streamVersion', 'position', 'type', 'data', ...METADATA.map((key) => `metadata.${key}`)]),
  rows: report.events.map(({ data, ...event }) => ({ ...flatten(event), data: JSON.stringify(data) })),
});

/** Table: the columns an auditor reads first; json and csv hold the rest (correlation, hash). */
const tableRows = (report: ClientHistoryReport) => ({
  columns: columnsOf(['streamVersion', 'position', 'type', 'occurredAt', 'recordedAt', 'actor', 'commandId', 'data']),
  rows: report.events.map(({ streamVersion, position, type, data, metadata }) => ({ streamVersion, position, type, ...metadata, data })),
});

const header = (report: ClientHistoryReport): (readonly [string, unknown])[] => {
  const { state } = report;
  const stateLines = state === null ? [['state', `none: not registered at ${report.asOf}`] as const] : STATE.map((key) => [key, state[key]] as const);
  return [['clientId', report.clientId], ['asOf', report.asOf], ...stateLines, ['events', report.events.length]];
};

export const historyCommand = defineCommand({
  name: 'history',
  usage: 'CLIENT',
  operands: { min: 1, max: 1 },
  summary: 'a client\'s every event, with its metadata and hash, and its state as of T',
  description: `Every event of the client's stream in stream order — all of them, whatever --as-of —
with its metadata (occurredAt, recordedAt, actor, commandId, correlationId, causationId,
schemaVersion, hash), and the client's state at T: name, stage, stageSince, ownerId,
lifetime, lifetimeValue and openComplaints (null when not yet registered at T).
With --known-at, only the events recorded at or before that instant. With --catch-up never
it reads the history read model (kept by rapport project) instead of the event store, so it
answers when only the read-model store can be reached.

Output
  json   {"clientId","asOf","knownAt","state":{…}|null,"events":[{"streamVersion","position","type",
         "data":{…},"metadata":{…}}]}
  table  the client, asOf and its state, then a table of the events (streamVersion, position,
         type, occurredAt, recordedAt, actor, commandId, data as JSON)
  csv    header streamVersion,position,type,data,metadata.occurredAt,metadata.recordedAt,
         metadata.actor,metadata.commandId,metadata.correlationId,metadata.causationId,
         metadata.schemaVersion,metadata.hash and one row per event (data as JSON text)

Exit codes
  0 success
  1 an unknown client (named on standard error), or an integrity failure: one of its events
    does not decode (named by stream and streamVersion)
  2 usage error (a malformed CLIENT, a bad --as-of or --known-at, an unknown --tz)
  3 store cannot be reached`,
  options: { ...AS_OF_OPTION, ...KNOWN_AT_OPTION },
  run: async ({ operands, options, globals, io }) => {
    const [clientId = ''] = operands;
    if (!Id.is(clientId)) throw new UsageError(`CLIENT must be a clientId (1–64 characters from A-Z a-z 0-9 . _ : -), got ${JSON.stringify(clientId)}`);
    const asOf = options['as-of'];
    const knownAt = options['known-at'];
    let report: Known<ClientHistoryReport>;
    let zone: string;
    try {
      ({ report, zone } = await readReport(globals, (rapport) => rapport.history(clientId, { asOf, knownAt }), io.stderr));
    } catch (error) {
      if (!(error instanceof ReportError)) throw error;
      io.stderr.write(`rapport: ${error.code}: ${error.message}\n`);
      return EXIT.failure;
    }
    io.stdout.write(renderReport(globals.format, { json: report, zone, header: header(report), rows: csvRows(report), table: tableRows(report) }));
    return EXIT.ok;
  },
});
