// `rapport status`: per projection, how far its live read model got, how far behind the log, who
// projects it and whether events are parked (issue 10.5).
import type { ProjectionStatus } from '@rapport/core';
import { EXIT } from '../exit-codes.js';
import { renderCsv, renderJson, renderTable, type OutputFormat } from '../output/index.js';
import { columnsOf } from '../report/layout.js';
import { readOnlyOpening, withRapport } from '../store/open-rapport.js';
import { defineCommand } from './command.js';

const KEYS = ['name', 'generation', 'version', 'checkpoint', 'lag', 'leaseHolder', 'heartbeatAt', 'parked', 'rebuild'] as const;

const render = (format: OutputFormat, projections: readonly ProjectionStatus[]): string => {
  // A rebuild in one cell: events folded of the total, and since when.
  const rebuildCell = ({ rebuild }: ProjectionStatus): string | null => (rebuild === null ? null : `${rebuild.events}/${rebuild.total ?? '?'} events since ${rebuild.startedAt}`);
  const rows = { columns: columnsOf(KEYS), rows: projections.map((p): Readonly<Record<string, unknown>> => ({ ...p, rebuild: rebuildCell(p) })) };
  switch (format) {
    case 'json':
      return renderJson({ projections });
    case 'csv':
      return renderCsv(rows);
    case 'table':
      return renderTable(rows);
  }
};

export const statusCommand = defineCommand({
  name: 'status',
  usage: '',
  operands: { min: 0, max: 0 },
  summary: 'each projection\'s generation, checkpoint, lag, active projector and parked events',
  description: `For each projection: its live generation and the projection version that built it, its
checkpoint (the position of the last event folded), its lag (events in the log after the
checkpoint, counted in the event store; with --catch-up never, which does not open it, the
count the projector recorded with its checkpoint; null when the event store cannot be
reached, or nothing is known), the active projector (host:pid holding the lease; null when none) and
when it last renewed the lease, and how many events it parked. Changes nothing.
rebuild is a rebuild in progress (rapport rebuild, parked retry, or a first build, in any
process): {"events","total","startedAt","updatedAt"}, the events folded so far of the log's
total when it began, recorded in the read-model store about every second; null when none
runs (or its record was not renewed for a minute: a rebuild that died).

Output
  json   {"projections":[{"name","generation","version","checkpoint","lag","leaseHolder",
         "heartbeatAt","parked","rebuild"}]}
  table  one row per projection
  csv    header name,generation,version,checkpoint,lag,leaseHolder,heartbeatAt,parked,rebuild

Exit codes
  0 success
  2 usage error, or read models built from another event store than --store's
  3 the read-model store cannot be reached`,
  options: {},
  run: async ({ globals, io }) => {
    const projections = await withRapport(globals, ({ rapport }) => rapport.status(), { ...readOnlyOpening(io.stderr), lazyEventStore: true });
    io.stdout.write(render(globals.format, projections));
    return EXIT.ok;
  },
});
