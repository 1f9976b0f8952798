// `rapport parked`, `parked retry POSITION`, `parked skip POSITION`: the events the projections
// parked (did not decode, or a projection failed on), and what an operator does about them.
import type { ParkedAt, ParkedEvent } from '@rapport/core';
import { EXIT, UsageError } from '../exit-codes.js';
import { renderCsv, renderJson, renderTable, type OutputFormat } from '../output/index.js';
import { columnsOf } from '../report/layout.js';
import { FOLD, readOnlyOpening, withRapport } from '../store/open-rapport.js';
import { defineCommand } from './command.js';

const KEYS = ['projection', 'position', 'logPosition', 'stream', 'streamVersion', 'type', 'error'] as const;

const render = (format: OutputFormat, parked: readonly ParkedEvent[]): string => {
  const rows = { columns: columnsOf(KEYS), rows: parked.map((p): Readonly<Record<string, unknown>> => ({ ...p })) };
  switch (format) {
    case 'json':
      return renderJson({ parked });
    case 'csv':
      return renderCsv(rows);
    case 'table':
      return parked.length === 0 ? 'no parked events\n' : renderTable(rows);
  }
};

/** POSITION: an event's position, or its exact logPosition (commit/prepare) where several share one. */
const positionOperand = (text: string | undefined): ParkedAt => {
  if (text !== undefined && /^\d+\/\d+$/.test(text)) return text;
  if (text === undefined || !/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(`POSITION must be an event's position (a whole number) or its logPosition (commit/prepare), as rapport parked lists them, got ${JSON.stringify(text ?? '')}`);
  }
  return Number(text);
};

export const parkedCommand = defineCommand({
  name: 'parked',
  usage: '',
  operands: { min: 0, max: 0 },
  summary: 'list the events the projections parked (undecodable, or a projection failed on them)',
  description: `Lists the events a projection parked instead of stopping on them: an event that does not
decode (say, a type written by a newer Rapport during a rolling upgrade) or that a
projection failed on. Each stays out of that projection's read model, which carries on past
it; reports keep answering and say on standard error that events are parked.
Then: rapport parked retry POSITION (once the code can read it) or rapport parked skip POSITION.
Where one commit holds several events (PostgreSQL, EventStoreDB) they share a position: give
POSITION as the event's logPosition (commit/prepare) then.

Output
  json   {"parked":[{"projection","position","logPosition","stream","streamVersion","type","error"}]}
  table  one row per projection and event
  csv    header projection,position,logPosition,stream,streamVersion,type,error

Exit codes
  0 success (parked events or none)
  2 usage error
  3 store cannot be reached`,
  options: {},
  run: async ({ globals, io }) => {
    const parked = await withRapport(globals, ({ rapport }) => rapport.parked(), readOnlyOpening(io.stderr));
    io.stdout.write(render(globals.format, parked));
    return EXIT.ok;
  },
});

export const parkedRetryCommand = defineCommand({
  name: 'parked retry',
  usage: 'POSITION',
  operands: { min: 1, max: 1 },
  summary: 'rebuild the projections that parked the event at POSITION, folding it if the code now can',
  description: `Rebuilds, from the whole log, the projections that parked the event at POSITION (queries
keep the live generation until the swap). If the event now decodes and folds, it is part of
them and parked no more; if not, it is parked again.

Exit codes
  0 the event is folded now
  1 it is still parked (the error is shown by rapport parked)
  2 usage error (no event parked at POSITION)
  3 store cannot be reached`,
  options: {},
  run: async ({ operands, globals, io }) => {
    const position = positionOperand(operands[0]);
    const still = await withRapport(globals, ({ rapport }) => rapport.retryParked(position), FOLD);
    if (still.length > 0) {
      io.stderr.write(`rapport: the event at position ${position} is still parked in ${still.join(', ')}\n`);
      return EXIT.failure;
    }
    io.stdout.write(`the event at position ${position} is folded now\n`);
    return EXIT.ok;
  },
});

export const parkedSkipCommand = defineCommand({
  name: 'parked skip',
  usage: 'POSITION',
  operands: { min: 1, max: 1 },
  summary: 'accept the loss of the event at POSITION: it stays out of the read models, listed no more',
  description: `Accepts that the event at POSITION stays out of the read models that parked it: it is
listed no more, and reports stop saying so. The event itself stays in the log, untouched;
a rebuild would try it again.

Exit codes
  0 success
  2 usage error (no event parked at POSITION)
  3 store cannot be reached`,
  options: {},
  run: async ({ operands, globals, io }) => {
    const position = positionOperand(operands[0]);
    const skipped = await withRapport(globals, ({ rapport }) => rapport.skipParked(position), FOLD);
    io.stdout.write(`the event at position ${position} is skipped in ${skipped.join(', ')}\n`);
    return EXIT.ok;
  },
});
