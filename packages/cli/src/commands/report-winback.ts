// `rapport report winback`: the churned clients worth winning back, best first (SPEC §4.4).
import type { WinbackRow } from '@rapport/core';
import { EXIT } from '../exit-codes.js';
import type { OptionSpecs } from '../config/options.js';
import type { Column } from '../output/index.js';
import { AS_OF_OPTION, KNOWN_AT_OPTION, countOption } from '../report/inputs.js';
import { REPORT_EXIT_CODES, renderReport } from '../report/layout.js';
import { readReport } from '../store/open-rapport.js';
import { defineCommand } from './command.js';

const COLUMNS: readonly Column<WinbackRow>[] = [
  { key: 'clientId' },
  { key: 'name' },
  { key: 'ownerId' },
  { key: 'churnedAt' },
  { key: 'reason' },
  { key: 'daysSinceChurn' },
  { key: 'lifetimeValue' },
  { key: 'openComplaints' },
  { key: 'score' },
  { key: 'action' },
];

const WINBACK_OPTIONS = {
  all: { type: 'boolean', description: 'also list the other churned clients (uncontrollable reason, or churned over 1095 days ago) with score 0' },
  limit: { type: 'string', valueName: 'N', description: 'print at most N clients (an integer ≥ 0)' },
} as const satisfies OptionSpecs;

export const reportWinbackCommand = defineCommand({
  name: 'report winback',
  usage: '',
  operands: { min: 0, max: 0 },
  summary: 'churned clients worth winning back, scored and with a suggested action',
  description: `The clients churned at T whose last churn had a controllable reason (dissatisfied,
competitor, other) and lies at most 1095 days back, by score descending then clientId:
score = lifetimeValue × w × exp(−daysSinceChurn / 365), w = 1.0 competitor, 0.6 other,
0.8 dissatisfied (0.5 with an open complaint). Each with a suggested action.

Output
  json   {"asOf","knownAt","clients":[{"clientId","name","ownerId","churnedAt","reason",
         "daysSinceChurn","lifetimeValue","openComplaints","score","action"}]}
  table  asOf and the number of clients listed, then a table of them (lifetimeValue and score,
         an amount, in major units to the cent: 1,234.56)
  csv    header clientId,name,ownerId,churnedAt,reason,daysSinceChurn,lifetimeValue,
         openComplaints,score,action and one row per client

${REPORT_EXIT_CODES}`,
  options: { ...AS_OF_OPTION, ...WINBACK_OPTIONS, ...KNOWN_AT_OPTION },
  run: async ({ options, globals, io }) => {
    const asOf = options['as-of'];
    const knownAt = options['known-at'];
    const limit = countOption('--limit', options.limit);
    const all = options.all === true;
    const { report, zone } = await readReport(globals, (rapport) => rapport.winback({ asOf, all, limit, knownAt }), io.stderr);
    io.stdout.write(
      renderReport(globals.format, {
        json: report,
        zone,
        header: [['asOf', report.asOf], ['clients', report.clients.length]],
        rows: { columns: COLUMNS, rows: report.clients },
      }),
    );
    return EXIT.ok;
  },
});
