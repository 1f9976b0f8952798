// `rapport report lifecycle`: where each client stands (SPEC §4.1), as of T.
import { STAGES } from '@rapport/core';
import type { LifecycleRow } from '@rapport/core';
import { EXIT } from '../exit-codes.js';
import type { Column } from '../output/index.js';
import { AS_OF_OPTION, KNOWN_AT_OPTION } from '../report/inputs.js';
import { REPORT_EXIT_CODES, renderReport } from '../report/layout.js';
import { readReport } from '../store/open-rapport.js';
import { defineCommand } from './command.js';

const COLUMNS: readonly Column<LifecycleRow>[] = [
  { key: 'clientId' },
  { key: 'name' },
  { key: 'stage' },
  { key: 'stageSince' },
  { key: 'ownerId' },
  { key: 'lifetime' },
  { key: 'lifetimeValue' },
];

export const reportLifecycleCommand = defineCommand({
  name: 'report lifecycle',
  usage: '',
  operands: { min: 0, max: 0 },
  summary: 'every client\'s stage, stage since, owner and lifetime value, as of T',
  description: `Where each registered client stands at T (all events with occurredAt ≤ T): its stage
(prospect, contacted, engaged, churned), since when, its owner, its lifetime number
(1, plus one per reactivation) and its lifetime value (all fees, minor units).
Clients in clientId order. The projections are first brought up to the end of the log.

Output
  json   {"asOf","knownAt","counts":{"prospect","contacted","engaged","churned"},
         "clients":[{"clientId","name","stage","stageSince","ownerId","lifetime","lifetimeValue"}]}
  table  asOf, the number of clients and the count per stage, then a table of the clients
         (lifetimeValue in major units to the cent: 1,234.56)
  csv    header clientId,name,stage,stageSince,ownerId,lifetime,lifetimeValue and a row per client

${REPORT_EXIT_CODES}`,
  options: { ...AS_OF_OPTION, ...KNOWN_AT_OPTION },
  run: async ({ options, globals, io }) => {
    const asOf = options['as-of'];
    const knownAt = options['known-at'];
    const { report, zone } = await readReport(globals, (rapport) => rapport.lifecycle({ asOf, knownAt }), io.stderr);
    io.stdout.write(
      renderReport(globals.format, {
        json: report,
        zone,
        header: [['asOf', report.asOf], ['clients', report.clients.length], ...STAGES.map((stage) => [stage, report.counts[stage]] as const)],
        rows: { columns: COLUMNS, rows: report.clients },
      }),
    );
    return EXIT.ok;
  },
});
