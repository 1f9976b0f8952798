// `rapport report kpis --period P`: each salesperson's activity, plan attainment, complaints,
// win-backs and attrition over P (SPEC §4.3).
import type { KpiRow } from '@rapport/core';
import { EXIT } from '../exit-codes.js';
import { KNOWN_AT_OPTION, PERIOD_OPTION, periodOption } from '../report/inputs.js';
import { REPORT_EXIT_CODES, columnsOf, renderReport, transposed } from '../report/layout.js';
import { readReport } from '../store/open-rapport.js';
import { defineCommand } from './command.js';

/** The spec's keys in its order. */
export const KPI_METRICS = [
  'contacts',
  'visits',
  'plannedVisits',
  'visitPlanCompletion',
  'newClients',
  'newClientsTarget',
  'newClientsAttainment',
  'newBusiness',
  'newBusinessTarget',
  'newBusinessAttainment',
  'complaints',
  'complaintsResolved',
  'meanResolutionHours',
  'winBacks',
  'activeAtStart',
  'lost',
  'controllableLost',
  'attritionRate',
  'controllableAttritionRate',
  'activeAtEnd',
] as const satisfies readonly Exclude<keyof KpiRow, 'salespersonId'>[];

export const reportKpisCommand = defineCommand({
  name: 'report kpis',
  usage: '',
  operands: { min: 0, max: 0 },
  summary: 'each salesperson\'s contacts, visits, new business, complaints and win-backs over --period P, against plan',
  description: `Each registered salesperson's key figures over the period P = [start, end) in the
firm's zone, in salespersonId order: contacts and visits (against the visit plans of the
months starting in P), new clients and new business (against the annual targets,
prorated by month), complaints filed and resolved with the mean resolution time in
hours, win-backs, and the attrition of their clients as in report attrition. Ratios
are null when there is nothing to divide by; targets are null when no plan covers P.

Output
  json   {"period":{"label","start","end"},"knownAt","salespeople":[{"salespersonId",…}]}, each with
         contacts, visits, plannedVisits, visitPlanCompletion, newClients, newClientsTarget,
         newClientsAttainment, newBusiness, newBusinessTarget, newBusinessAttainment,
         complaints, complaintsResolved, meanResolutionHours, winBacks, activeAtStart, lost,
         controllableLost, attritionRate, controllableAttritionRate, activeAtEnd (numbers
         unrounded, money in minor units)
  table  the period, then one row per metric and one column per salesperson:
         visitPlanCompletion, the attainments and the attrition rates as percentages to one
         decimal (66.7%, 25%), newBusiness and newBusinessTarget in major units to the cent
         (1,234.56), other fractions (newClientsTarget, meanResolutionHours) rounded to
         4 decimals
  csv    header salespersonId and the metrics above in that order, one row per salesperson
         (as in json)

${REPORT_EXIT_CODES}`,
  options: { ...PERIOD_OPTION, ...KNOWN_AT_OPTION },
  run: async ({ options, globals, io }) => {
    const period = periodOption('report kpis', options.period);
    const knownAt = options['known-at'];
    const { report, zone } = await readReport(globals, (rapport) => rapport.kpis({ period, knownAt }), io.stderr);
    io.stdout.write(
      renderReport(globals.format, {
        json: report,
        zone,
        header: [['period', report.period.label], ['start', report.period.start], ['end', report.period.end]],
        rows: { columns: columnsOf(['salespersonId', ...KPI_METRICS]), rows: report.salespeople.map((row) => ({ ...row })) },
        table: transposed(KPI_METRICS, report.salespeople.map((row) => ({ label: row.salespersonId, cells: { ...row } }))),
      }),
    );
    return EXIT.ok;
  },
});
