// `rapport rebuild [NAME…]`: rebuilds projections from the whole log into new generations of the
// read-model store and makes them live; queries keep the old generation until the swap.
import { performance } from 'node:perf_hooks';
import { PROJECTION_NAMES } from '@rapport/core';
import { EXIT, UsageError } from '../exit-codes.js';
import { renderCsv, renderJson, type Column, type OutputFormat } from '../output/index.js';
import { withBoundedHeapGrowth } from '../rebuild/heap.js';
import { countEvents, isTerminal, progressBar, type ProgressDisplay } from '../rebuild/progress.js';
import { FOLD, parkedEvents, withRapport } from '../store/open-rapport.js';
import { defineCommand } from './command.js';

export interface RebuiltProjection {
  readonly projection: string;
  /** Events folded into it: the whole log, as every projection sees every event. */
  readonly events: number;
}

export interface RebuildSummary {
  readonly rebuilt: readonly RebuiltProjection[];
  /** Wall-clock time of the rebuild, opening the stores included. */
  readonly seconds: number;
}

const COLUMNS: readonly Column<RebuiltProjection>[] = [{ key: 'projection' }, { key: 'events' }];

/** The projections named, in the order known, each once; all of them when none is named. */
const selected = (operands: readonly string[]): string[] => {
  const unknown = operands.filter((name) => !PROJECTION_NAMES.includes(name));
  if (unknown.length > 0) {
    throw new UsageError(`unknown projection ${unknown.map((name) => JSON.stringify(name)).join(', ')}; known: ${PROJECTION_NAMES.join(', ')}`);
  }
  return operands.length === 0 ? [...PROJECTION_NAMES] : PROJECTION_NAMES.filter((name) => operands.includes(name));
};

const renderRebuild = (summary: RebuildSummary, format: OutputFormat): string => {
  switch (format) {
    case 'json':
      return renderJson(summary);
    case 'csv':
      return renderCsv({ columns: COLUMNS, rows: summary.rebuilt });
    case 'table': {
      const names = summary.rebuilt.map((p) => p.projection).join(', ');
      const events = Math.max(0, ...summary.rebuilt.map((p) => p.events));
      return `rebuilt ${names}: ${events} events folded in ${summary.seconds.toFixed(2)} s\n`;
    }
    default: {
      const unknown: never = format;
      throw new Error(`unknown output format ${String(unknown)}`);
    }
  }
};

export const rebuildCommand = defineCommand({
  name: 'rebuild',
  usage: '[NAME…]',
  operands: { min: 0, max: Number.POSITIVE_INFINITY },
  summary: `rebuild projections (${PROJECTION_NAMES.join(', ')}; all when none is named) from the event log`,
  description: `Rebuilds the named projections (${PROJECTION_NAMES.join(', ')}; all of them when none is named)
from the whole event log into a new generation of the read-model store, then makes it
live in one step: reports run meanwhile, by this or another process, keep reading the
old generation until the swap. Use it after a projection's code changed or to check that
the read models are what the log says. On a terminal a progress bar is drawn on
standard error (after a first pass that counts the events); otherwise only the
summary is printed.

Output
  json   {"rebuilt":[{"projection":"clients","events":n},…],"seconds":s}
         (events: events folded into that projection, i.e. the length of the log)
  table  one line: rebuilt NAME, NAME: n events folded in s s
  csv    header projection,events and one row per projection rebuilt

An event that does not decode, or that a projection fails on, is parked, as a projector
parks it: the read models are rebuilt without it, standard error says how many events
are parked, and rapport parked lists them (a retry or skip settles each).

Exit codes
  0 rebuilt (with parked events, if standard error says so)
  1 an integrity failure: a row of the log that is no event any more (named by position,
    stream and streamVersion); the live generation is left as it was
  2 usage error (an unknown NAME; the known ones are listed)   3 store cannot be reached`,
  options: {},
  run: async ({ operands, globals, io }) => {
    const names = selected(operands);
    const started = performance.now();
    const folded = new Map(names.map((name) => [name, 0]));
    let display: ProgressDisplay | undefined;
    let parked = 0;
    try {
      await withBoundedHeapGrowth(() => withRapport(globals, async ({ rapport, eventStore }) => {
        if (isTerminal(io.stderr)) display = await progressBar(io.stderr, names.join(', '), await countEvents(eventStore));
        await rapport.rebuild(names, {
          onProgress: ({ projection, events }) => {
            // A projection never built before is built in the same pass; it is not in the summary.
            if (!folded.has(projection)) return;
            folded.set(projection, events);
            display?.update(Math.max(...folded.values()));
          },
        });
        parked = await parkedEvents(rapport);
      }, FOLD));
    } finally {
      display?.stop();
    }
    // Rebuilt without them, as a projector folds past them: said, so a rebuild never hides a loss.
    if (parked > 0) io.stderr.write(`rapport: ${parked === 1 ? '1 event is' : `${parked} events are`} parked, left out of the rebuilt read models: rapport parked lists them\n`);
    const seconds = Math.round(performance.now() - started) / 1000;
    const summary: RebuildSummary = { rebuilt: names.map((projection) => ({ projection, events: folded.get(projection) ?? 0 })), seconds };
    io.stdout.write(renderRebuild(summary, globals.format));
    return EXIT.ok;
  },
});
