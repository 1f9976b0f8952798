// `rapport report cohorts`: of the clients acquired in each month, the share still active at the
// end of each following month (SPEC §4.6).
import type { CohortReport } from '@rapport/core';
import { EXIT } from '../exit-codes.js';
import type { OptionSpecs } from '../config/options.js';
import { KNOWN_AT_OPTION, monthOption, monthRange } from '../report/inputs.js';
import { REPORT_EXIT_CODES, columnsOf, renderReport, type Cells } from '../report/layout.js';
import { readReport } from '../store/open-rapport.js';
import { defineCommand } from './command.js';

const COHORT_OPTIONS = {
  from: { type: 'string', valueName: 'YYYY-MM', description: 'first cohort month shown (inclusive)' },
  to: { type: 'string', valueName: 'YYYY-MM', description: 'last cohort month shown (inclusive)' },
} as const satisfies OptionSpecs;

/** One row per cohort: cohort, size, then m0, m1, … up to the longest retention; shorter rows end empty. */
const cohortRows = (report: CohortReport) => {
  const months = Math.max(0, ...report.cohorts.map((row) => row.retention.length));
  const cells = Array.from({ length: months }, (_, k) => `m${k}`);
  return {
    columns: columnsOf(['cohort', 'size', ...cells]),
    rows: report.cohorts.map(({ cohort, size, retention }): Cells => ({ cohort, size, ...Object.fromEntries(retention.map((share, k) => [`m${k}`, share])) })),
  };
};

export const reportCohortsCommand = defineCommand({
  name: 'report cohorts',
  usage: '',
  operands: { min: 0, max: 0 },
  summary: 'retention by acquisition month: the share of each cohort still active month by month',
  description: `Cohort = the month (in the firm's zone) of a client's acquisition. Cell k is the share
of the cohort active at the end of month cohort + k (reactivated clients count again),
up to the month of the latest occurredAt in the log. Months without acquisitions have
no row; --from and --to select cohort months.

Output
  json   {"knownAt","cohorts":[{"cohort":"2024-01","size":n,"retention":[…]}]} (shares unrounded)
  table  the number of cohorts, then a table cohort, size, m0, m1, … (shares as fractions
         rounded to 4 decimals: 0.6667, 1; a cell past the end of the log is empty)
  csv    header cohort,size,m0,m1,… up to the longest retention, one row per cohort;
         a younger cohort's row ends in empty cells

${REPORT_EXIT_CODES}`,
  options: { ...COHORT_OPTIONS, ...KNOWN_AT_OPTION },
  run: async ({ options, globals, io }) => {
    const from = monthOption('--from', options.from);
    const to = monthOption('--to', options.to);
    monthRange(from, to);
    const knownAt = options['known-at'];
    const { report, zone } = await readReport(globals, (rapport) => rapport.cohorts({ from, to, knownAt }), io.stderr);
    io.stdout.write(renderReport(globals.format, { json: report, zone, header: [['cohorts', report.cohorts.length]], rows: cohortRows(report) }));
    return EXIT.ok;
  },
});
