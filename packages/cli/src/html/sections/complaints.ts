// Section 7: complaints in the period by category, and the open backlog by salesperson.
import { formatHours, formatNumber, formatPercent } from '../format.js';
import { html, type Html } from '../html.js';
import type { ComplaintCategory, ComplaintSeverity, ComplaintsJson } from '../report-json.js';
import { horizontalBarChart } from '../svg/horizontal-bars.js';
import { DARK, MID, patternFill } from '../svg/palette.js';
import { dataTable } from '../table.js';
import { chartSection } from './section.js';

const CATEGORIES: readonly (readonly [ComplaintCategory, string])[] = [
  ['quality', 'Quality'],
  ['service', 'Service'],
  ['price', 'Price'],
  ['staff', 'Staff'],
  ['other', 'Other'],
];

const SEVERITIES: readonly (readonly [ComplaintSeverity, string])[] = [
  ['high', 'High'],
  ['medium', 'Medium'],
  ['low', 'Low'],
];

const describe = (c: ComplaintsJson): string => {
  const f = c.firm;
  return `${f.filed} complaints filed in ${c.period.label}, ${f.resolved} resolved (mean ${formatHours(f.meanResolutionHours)}); ${f.openAtEnd} open at the end of the period, ${f.overdueAtEnd} of them overdue, shown by salesperson.`;
};

export const complaints = (c: ComplaintsJson): Html => {
  const name = 'complaints';
  const f = c.firm;
  const share = (n: number): string => (f.filed === 0 ? '' : ` · ${formatPercent(n / f.filed)}`);
  const chart = horizontalBarChart({
    name,
    title: 'Complaints by category, and open complaints by salesperson',
    desc: describe(c),
    legend: [
      { label: 'Filed', swatch: { kind: 'box', fill: DARK } },
      { label: 'Open, overdue', swatch: { kind: 'box', fill: patternFill(name, 'hatch') } },
      { label: 'Open, not yet overdue', swatch: { kind: 'box', fill: MID } },
    ],
    panels: [
      {
        title: `Filed in ${c.period.label}, by category`,
        emptyMessage: 'No complaints.',
        bars: CATEGORIES.map(([key, label]) => ({ label, parts: [{ value: f.byCategory[key], fill: DARK }], text: `${formatNumber(f.byCategory[key])}${share(f.byCategory[key])}` })),
      },
      {
        title: 'Open at end of period, by salesperson',
        emptyMessage: 'No salespeople registered.',
        bars: c.bySalesperson.map((s) => ({
          label: s.salespersonId,
          parts: [
            { value: s.overdueAtEnd, fill: patternFill(name, 'hatch') },
            { value: Math.max(0, s.openAtEnd - s.overdueAtEnd), fill: MID },
          ],
          text: `${formatNumber(s.openAtEnd)} open · ${formatNumber(s.overdueAtEnd)} overdue`,
        })),
      },
    ],
  });
  const kinds = dataTable({
    caption: `Complaints filed in ${c.period.label}, by category and severity`,
    rows: [...CATEGORIES.map(([key, label]) => ({ label: `Category: ${label}`, n: f.byCategory[key] })), ...SEVERITIES.map(([key, label]) => ({ label: `Severity: ${label}`, n: f.bySeverity[key] }))],
    empty: 'No complaints.',
    columns: [
      { header: 'Kind', cell: (r) => r.label },
      { header: 'Filed', numeric: true, cell: (r) => formatNumber(r.n) },
    ],
  });
  const backlog = dataTable({
    caption: `Complaints by salesperson, ${c.period.label}`,
    rows: c.bySalesperson,
    empty: 'No salespeople registered.',
    columns: [
      { header: 'Salesperson', cell: (s) => s.salespersonId },
      { header: 'Filed', numeric: true, cell: (s) => formatNumber(s.filed) },
      { header: 'Resolved', numeric: true, cell: (s) => formatNumber(s.resolved) },
      { header: 'Mean resolution', numeric: true, cell: (s) => formatHours(s.meanResolutionHours) },
      { header: 'Open at end', numeric: true, cell: (s) => formatNumber(s.openAtEnd) },
      { header: 'Overdue at end', numeric: true, cell: (s) => formatNumber(s.overdueAtEnd) },
    ],
  });
  return chartSection({
    id: 'complaints',
    heading: 'Complaints',
    lead: html`${formatNumber(f.filed)} filed and ${formatNumber(f.resolved)} resolved in ${c.period.label} (mean time to resolve ${formatHours(f.meanResolutionHours)}); ${formatNumber(f.openAtEnd)} open at the end, ${formatNumber(f.overdueAtEnd)} overdue. ${formatNumber(f.churnedAfterComplaint)} complaining ${f.churnedAfterComplaint === 1 ? 'client was' : 'clients were'} lost after complaining.`,
    chart,
    tables: [kinds, backlog],
  });
};
