// `rapport report attrition --period P`: how many active clients the firm, and each salesperson,
// lost in P (SPEC §4.2).
import { CHURN_REASONS } from '@rapport/core';
import { EXIT } from '../exit-codes.js';
import { KNOWN_AT_OPTION, PERIOD_OPTION, periodOption } from '../report/inputs.js';
import { REPORT_EXIT_CODES, columnsOf, flatten, renderReport, transposed } from '../report/layout.js';
import { readReport } from '../store/open-rapport.js';
import { defineCommand } from './command.js';

/** The spec's keys in its order, churnedByReason flattened to one column per reason. */
export const ATTRITION_METRICS = [
  'activeAtStart',
  'acquired',
  'reactivated',
  'churnEvents',
  ...CHURN_REASONS.map((reason) => `churnedByReason.${reason}`),
  'lost',
  'controllableLost',
  'activeAtEnd',
  'attritionRate',
  'controllableAttritionRate',
] as const satisfies readonly string[];

/** The table's label for the firm's column: parentheses cannot occur in a salespersonId. */
export const FIRM_LABEL = '(firm)';

export const reportAttritionCommand = defineCommand({
  name: 'report attrition',
  usage: '',
  operands: { min: 0, max: 0 },
  summary: 'clients lost, acquired and won back over --period P, for the firm and per salesperson',
  description: `Attrition over the period P = [start, end) in the firm's zone: clients active at the
start, lost by the end (churned and not reactivated), controllable losses (last churn
dissatisfied, competitor or other), acquisitions, reactivations and churn events by
reason, with attritionRate = lost / activeAtStart (null when activeAtStart is 0).
The firm first, then every registered salesperson by salespersonId.

Output
  json   {"period":{"label","start","end"},"knownAt","firm":{…},"bySalesperson":[{"salespersonId",…}]}
         each with activeAtStart, acquired, reactivated, churnEvents, churnedByReason (all five
         reasons), lost, controllableLost, activeAtEnd, attritionRate, controllableAttritionRate
         (rates unrounded)
  table  the period, then one row per metric and one column per entity: ${FIRM_LABEL}, then
         each salesperson (rates as percentages to one decimal: 66.7%, 25%)
  csv    header salespersonId,${ATTRITION_METRICS.join(',')};
         the firm's row first, with an empty salespersonId, then one row per salesperson
         (rates unrounded)

${REPORT_EXIT_CODES}`,
  options: { ...PERIOD_OPTION, ...KNOWN_AT_OPTION },
  run: async ({ options, globals, io }) => {
    const period = periodOption('report attrition', options.period);
    const knownAt = options['known-at'];
    const { report, zone } = await readReport(globals, (rapport) => rapport.attrition({ period, knownAt }), io.stderr);
    const firm = flatten(report.firm);
    const salespeople = report.bySalesperson.map(({ salespersonId, ...figures }) => ({ salespersonId, cells: flatten(figures) }));
    io.stdout.write(
      renderReport(globals.format, {
        json: report,
        zone,
        header: [['period', report.period.label], ['start', report.period.start], ['end', report.period.end]],
        rows: {
          columns: columnsOf(['salespersonId', ...ATTRITION_METRICS]),
          rows: [{ salespersonId: null, ...firm }, ...salespeople.map(({ salespersonId, cells }) => ({ salespersonId, ...cells }))],
        },
        table: transposed(ATTRITION_METRICS, [{ label: FIRM_LABEL, cells: firm }, ...salespeople.map(({ salespersonId, cells }) => ({ label: salespersonId, cells }))]),
      }),
    );
    return EXIT.ok;
  },
});
