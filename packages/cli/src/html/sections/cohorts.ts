// Section 3: cohort retention as a heat map, one row per month of acquisition.
import { formatNumber, formatPercent } from '../format.js';
import { html, type Html } from '../html.js';
import type { CohortsJson } from '../report-json.js';
import { heatMap } from '../svg/heat-map.js';
import { dataTable, type Column } from '../table.js';
import { chartSection } from './section.js';

type Cohort = CohortsJson['cohorts'][number];


const describe = (cohorts: CohortsJson['cohorts']): string => {
  const first = cohorts[0];
  const last = cohorts[cohorts.length - 1];
  if (first === undefined || last === undefined) return 'No client has been acquired yet, so there are no cohorts.';
  const clients = cohorts.reduce((n, c) => n + c.size, 0);
  return `Share of each monthly acquisition cohort still active at the end of each later month: ${cohorts.length} cohorts from ${first.cohort} to ${last.cohort}, ${clients} clients in all.`;
};

export const cohortRetention = (data: CohortsJson): Html => {
  const cohorts = data.cohorts;
  const months = Math.max(0, ...cohorts.map((c) => c.retention.length));
  const chart = heatMap({
    name: 'cohorts',
    title: 'Cohort retention',
    desc: describe(cohorts),
    columnTitle: 'Months',
    rows: cohorts.map((c) => ({ label: c.cohort, note: `(${formatNumber(c.size)})`, values: c.retention })),
    format: formatPercent,
    cellLabel: (row, k) => `${row.label} cohort ${row.note}, month ${k}: ${formatPercent(row.values[k] ?? null)}`,
  });
  const columns: Column<Cohort>[] = [
    { header: 'Cohort', cell: (c) => c.cohort },
    { header: 'Clients', numeric: true, cell: (c) => formatNumber(c.size) },
    ...Array.from({ length: months }, (_, k): Column<Cohort> => ({ header: `Month ${k}`, numeric: true, cell: (c) => (k < c.retention.length ? formatPercent(c.retention[k] ?? null) : '') })),
  ];
  const table = dataTable({ caption: 'Share of each cohort active at the end of each month', columns, rows: cohorts, empty: 'No cohorts.' });
  return chartSection({
    id: 'cohort-retention',
    heading: 'Cohort retention',
    lead: html`Each row is the clients first acquired in one month (their number in brackets); each cell the share of them active at the end of the month that many months after it (month 0 is the month of acquisition). Win-backs count as active again. Darker is higher; every cell is labelled.${months > 12 ? ' Rows longer than a year continue in the block below, a year to a block.' : null}`,
    chart,
    tables: [table],
  });
};
