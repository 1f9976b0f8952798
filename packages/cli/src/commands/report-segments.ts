// `rapport report segments`: the active clients by their last twelve months' revenue, the key tier
// and key accounts (SPEC §4.5).
import type { SegmentRow } from '@rapport/core';
import { EXIT } from '../exit-codes.js';
import type { OptionSpecs } from '../config/options.js';
import type { Column } from '../output/index.js';
import { AS_OF_OPTION, KNOWN_AT_OPTION, countOption } from '../report/inputs.js';
import { REPORT_EXIT_CODES, renderReport } from '../report/layout.js';
import { readReport } from '../store/open-rapport.js';
import { defineCommand } from './command.js';

const COLUMNS: readonly Column<SegmentRow>[] = [
  { key: 'clientId' },
  { key: 'name' },
  { key: 'ownerId' },
  { key: 'revenue12m' },
  { key: 'share' },
  { key: 'cumulativeShare' },
  { key: 'tier' },
  { key: 'keyAccount' },
];

const SEGMENTS_OPTIONS = {
  'key-account-threshold': {
    type: 'string',
    valueName: 'N',
    description: 'revenue12m (minor units) from which a client is a key account (default 20000000, i.e. 200,000.00)',
  },
} as const satisfies OptionSpecs;

export const reportSegmentsCommand = defineCommand({
  name: 'report segments',
  usage: '',
  operands: { min: 0, max: 0 },
  summary: 'active clients by revenue of the last 365 days, with the key tier and key accounts',
  description: `The clients active at T with fees in (T − 365 days, T], by revenue12m descending then
clientId: each one's share of the total, the cumulative share, its tier (key for the
shortest run from the top that reaches 80% of the total, general for the rest) and
whether it is a key account (revenue12m ≥ --key-account-threshold).

Output
  json   {"asOf","knownAt","totalRevenue12m","clients":[{"clientId","name","ownerId","revenue12m",
         "share","cumulativeShare","tier","keyAccount"}]} (shares unrounded, money in minor
         units)
  table  asOf, totalRevenue12m and the number of clients, then a table of them (money in
         major units to the cent: 1,234.56; shares as percentages to one decimal: 66.7%, 25%)
  csv    header clientId,name,ownerId,revenue12m,share,cumulativeShare,tier,keyAccount
         and one row per client (as in json)

${REPORT_EXIT_CODES}`,
  options: { ...AS_OF_OPTION, ...SEGMENTS_OPTIONS, ...KNOWN_AT_OPTION },
  run: async ({ options, globals, io }) => {
    const asOf = options['as-of'];
    const knownAt = options['known-at'];
    const keyAccountThreshold = countOption('--key-account-threshold', options['key-account-threshold']);
    const { report, zone } = await readReport(globals, (rapport) => rapport.segments({ asOf, keyAccountThreshold, knownAt }), io.stderr);
    io.stdout.write(
      renderReport(globals.format, {
        json: report,
        zone,
        header: [['asOf', report.asOf], ['totalRevenue12m', report.totalRevenue12m], ['clients', report.clients.length]],
        rows: { columns: COLUMNS, rows: report.clients },
      }),
    );
    return EXIT.ok;
  },
});
