// `rapport report complaints --period P [--overdue-days N]`: the complaints that came in over P, how
// fast they were resolved, what was still open at its end, and who churned after complaining (SPEC §4.8).
import { COMPLAINT_CATEGORIES, DEFAULT_OVERDUE_DAYS, SEVERITIES } from '@rapport/core';
import type { OptionSpecs } from '../config/options.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { KNOWN_AT_OPTION, PERIOD_FORMS, PERIOD_OPTION, countOption } from '../report/inputs.js';
import { REPORT_EXIT_CODES, columnsOf, flatten, renderReport, transposed } from '../report/layout.js';
import { readReport } from '../store/open-rapport.js';
import { defineCommand } from './command.js';
import { FIRM_LABEL } from './report-attrition.js';

/** The spec's keys in its order, byCategory and bySeverity flattened to one column per value. */
export const COMPLAINT_METRICS = [
  'filed',
  ...COMPLAINT_CATEGORIES.map((category) => `byCategory.${category}`),
  ...SEVERITIES.map((severity) => `bySeverity.${severity}`),
  'resolved',
  'meanResolutionHours',
  'openAtEnd',
  'overdueAtEnd',
  'churnedAfterComplaint',
] as const satisfies readonly string[];

const COMPLAINTS_OPTIONS = {
  'overdue-days': {
    type: 'string',
    valueName: 'N',
    description: `an open complaint filed N or more days (of 24 hours) before the end of P is overdue (an integer ≥ 0; default ${DEFAULT_OVERDUE_DAYS})`,
  },
} as const satisfies OptionSpecs;

export const reportComplaintsCommand = defineCommand({
  name: 'report complaints',
  usage: '',
  operands: { min: 0, max: 0 },
  summary: 'complaints filed, resolved, open and overdue over --period P, for the firm and per salesperson',
  description: `Complaints over the period P = [start, end) in the firm's zone: how many were filed,
by category and by severity; how many were resolved, with the mean time from filing to
resolution in hours (null when none); how many were open at the end of P (filed and not
resolved before it) and, of those, overdue (filed at least --overdue-days N days before the
end, default ${DEFAULT_OVERDUE_DAYS}); and how many clients that complained in P churned in P after their
first complaint there. Per salesperson: filed by the owner when filed, resolved by the owner
when resolved, open and overdue by the owner at the end of P.

Output
  json   {"period":{"label","start","end"},"knownAt","firm":{"filed","byCategory":{…},
         "bySeverity":{…},"resolved","meanResolutionHours","openAtEnd","overdueAtEnd",
         "churnedAfterComplaint"},"bySalesperson":[{"salespersonId","filed","resolved",
         "meanResolutionHours","openAtEnd","overdueAtEnd"}]}
  table  the period and N, then one row per metric and one column per entity: ${FIRM_LABEL},
         then each salesperson (hours rounded to 4 decimals; firm-only rows blank for them)
  csv    header salespersonId,${COMPLAINT_METRICS.join(',')};
         the firm's row first, with an empty salespersonId, then one row per salesperson
         (the firm-only columns empty)

${REPORT_EXIT_CODES}`,
  options: { ...PERIOD_OPTION, ...COMPLAINTS_OPTIONS, ...KNOWN_AT_OPTION },
  run: async ({ options, globals, io }) => {
    // The period and --known-at are read in the firm's zone, which only the store knows: the
    // library parses them, and its refusal is a usage error naming the option.
    const { period, 'known-at': knownAt } = options;
    if (period === undefined) throw new UsageError(`report complaints needs --period P: ${PERIOD_FORMS}`);
    const overdueDays = countOption('--overdue-days', options['overdue-days']);
    const { report, zone } = await readReport(globals, (rapport) => rapport.complaints({ period, overdueDays, knownAt }), io.stderr);
    const firm = flatten(report.firm);
    const salespeople = report.bySalesperson.map(({ salespersonId, ...figures }) => ({ salespersonId, cells: figures }));
    io.stdout.write(
      renderReport(globals.format, {
        json: report,
        zone,
        header: [
          ['period', report.period.label],
          ['start', report.period.start],
          ['end', report.period.end],
          ['overdueDays', overdueDays ?? DEFAULT_OVERDUE_DAYS],
        ],
        rows: {
          columns: columnsOf(['salespersonId', ...COMPLAINT_METRICS]),
          rows: [{ salespersonId: null, ...firm }, ...salespeople.map(({ salespersonId, cells }) => ({ salespersonId, ...cells }))],
        },
        table: transposed(COMPLAINT_METRICS, [{ label: FIRM_LABEL, cells: firm }, ...salespeople.map(({ salespersonId, cells }) => ({ label: salespersonId, cells }))]),
      }),
    );
    return EXIT.ok;
  },
});
