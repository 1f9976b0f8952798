// Section 2: acquisitions and losses month by month over the last 12 months, with the attrition
// rate, from the twelve monthly attrition reports.
import { formatNumber, formatPercent, monthLabel, NONE } from '../format.js';
import { html, type Html } from '../html.js';
import type { AttritionJson } from '../report-json.js';
import { groupedBarChart, type Category } from '../svg/bar-chart.js';
import { DARK, patternFill } from '../svg/palette.js';
import { dataTable } from '../table.js';
import { chartSection } from './section.js';

const category = (report: AttritionJson, i: number): Category => {
  const { month, year } = monthLabel(report.period.label);
  const first = i === 0 || month === 'Jan';
  return { label: month, sub: first ? year : null, long: year === null ? month : `${month} ${year}` };
};

const describe = (months: readonly AttritionJson[], categories: readonly Category[]): string => {
  if (months.length === 0) return 'No monthly figures were given.';
  const acquired = months.reduce((n, m) => n + m.firm.acquired, 0);
  const lost = months.reduce((n, m) => n + m.firm.lost, 0);
  const rates = months.map((m) => m.firm.attritionRate).filter((r): r is number => r !== null);
  const range = rates.length === 0 ? 'no month had active clients at its start' : `the monthly attrition rate ranged from ${formatPercent(Math.min(...rates))} to ${formatPercent(Math.max(...rates))}`;
  return `Clients acquired and lost in each of the ${months.length} months from ${categories[0]?.long ?? ''} to ${categories[categories.length - 1]?.long ?? ''}: ${acquired} acquired and ${lost} lost in all; ${range}.`;
};

export const attritionMonthly = (months: readonly AttritionJson[]): Html => {
  const name = 'attrition-monthly';
  const categories = months.map(category);
  const chart = groupedBarChart({
    name,
    title: 'Acquisitions and losses by month, with the attrition rate',
    desc: describe(months, categories),
    categories,
    countTitle: 'Clients',
    bars: [
      { label: 'Acquired', fill: DARK, values: months.map((m) => m.firm.acquired) },
      { label: 'Lost', fill: patternFill(name, 'hatch'), values: months.map((m) => m.firm.lost) },
    ],
    line: { label: 'Attrition rate', values: months.map((m) => m.firm.attritionRate), format: formatPercent },
  });
  const table = dataTable({
    caption: 'Attrition by month (firm)',
    rows: months.map((m, i) => ({ m, c: categories[i] })),
    empty: 'No months.',
    columns: [
      { header: 'Month', cell: ({ m, c }) => c?.long ?? m.period.label },
      { header: 'Active at start', numeric: true, cell: ({ m }) => formatNumber(m.firm.activeAtStart) },
      { header: 'Acquired', numeric: true, cell: ({ m }) => formatNumber(m.firm.acquired) },
      { header: 'Won back', numeric: true, cell: ({ m }) => formatNumber(m.firm.reactivated) },
      { header: 'Churn events', numeric: true, cell: ({ m }) => formatNumber(m.firm.churnEvents) },
      { header: 'Lost', numeric: true, cell: ({ m }) => formatNumber(m.firm.lost) },
      { header: 'Controllable lost', numeric: true, cell: ({ m }) => formatNumber(m.firm.controllableLost) },
      { header: 'Attrition rate', numeric: true, cell: ({ m }) => formatPercent(m.firm.attritionRate) },
      { header: 'Controllable rate', numeric: true, cell: ({ m }) => formatPercent(m.firm.controllableAttritionRate) },
      { header: 'Active at end', numeric: true, cell: ({ m }) => formatNumber(m.firm.activeAtEnd) },
    ],
  });
  return chartSection({
    id: 'attrition-by-month',
    heading: 'Attrition and acquisitions, month by month',
    lead: html`Solid bars count clients acquired; hatched bars count clients lost (active at the start of the month and not at its end). The dashed line is the month’s attrition rate, lost ÷ active at start; a gap (${NONE} in the table) means no client was active at the start.`,
    chart,
    tables: [table],
  });
};
