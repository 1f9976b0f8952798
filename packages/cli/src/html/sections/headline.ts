// The headline figures a partner reads first. Each value carries data-figure (its key) and
// data-value (the number it was formatted from), so a test can hold the page to the JSON.
import { formatHours, formatMoney, formatNumber, formatPercent } from '../format.js';
import { html, type Html } from '../html.js';
import type { ReportPageData } from '../page-input.js';

interface Figure {
  readonly key: string;
  readonly label: string;
  readonly value: number | null;
  readonly display: string;
  readonly note: string;
}

const figures = (data: ReportPageData, asOf: string): readonly Figure[] => {
  const firm = data.attrition.firm;
  const complaints = data.complaints.firm;
  const label = data.attrition.period.label;
  return [
    { key: 'activeAtEnd', label: 'Active clients at end', value: firm.activeAtEnd, display: formatNumber(firm.activeAtEnd), note: `end of ${label}; ${formatNumber(firm.activeAtStart)} at start` },
    { key: 'attritionRate', label: 'Attrition rate', value: firm.attritionRate, display: formatPercent(firm.attritionRate), note: `${formatNumber(firm.lost)} of ${formatNumber(firm.activeAtStart)} active at start lost` },
    {
      key: 'controllableAttritionRate',
      label: 'Controllable attrition',
      value: firm.controllableAttritionRate,
      display: formatPercent(firm.controllableAttritionRate),
      note: `${formatNumber(firm.controllableLost)} lost to dissatisfaction, competitors or other`,
    },
    { key: 'acquired', label: 'Acquisitions', value: firm.acquired, display: formatNumber(firm.acquired), note: `new clients engaged in ${label}` },
    { key: 'winBacks', label: 'Win-backs', value: firm.reactivated, display: formatNumber(firm.reactivated), note: `churned clients reactivated in ${label}` },
    {
      key: 'revenue12m',
      label: 'Revenue, 12 months',
      value: data.segments.totalRevenue12m,
      display: formatMoney(data.segments.totalRevenue12m),
      note: `to ${asOf}, from ${formatNumber(data.segments.clients.length)} active clients`,
    },
    {
      key: 'complaintsFiled',
      label: 'Complaints filed',
      value: complaints.filed,
      display: formatNumber(complaints.filed),
      note: `${formatNumber(complaints.resolved)} resolved in ${label}, mean ${formatHours(complaints.meanResolutionHours)}`,
    },
    { key: 'complaintsOpen', label: 'Complaints open', value: complaints.openAtEnd, display: formatNumber(complaints.openAtEnd), note: `${formatNumber(complaints.overdueAtEnd)} overdue at end of ${label}` },
  ];
};

const STAGES = [
  ['prospect', 'prospects'],
  ['contacted', 'contacted'],
  ['engaged', 'engaged'],
  ['churned', 'churned'],
] as const;

export const headline = (data: ReportPageData, asOf: string): Html => {
  const cards = figures(data, asOf).map(
    (f) =>
      html`<div class="figure"><dt>${f.label}</dt><dd class="value" data-figure="${f.key}" data-value="${f.value === null ? 'null' : String(f.value)}">${f.display}</dd><dd class="note">${f.note}</dd></div>`,
  );
  const counts = data.lifecycle.counts;
  const stages = STAGES.map(
    ([stage, word], i) => html`${i === 0 ? null : ' · '}<span data-figure="${stage}" data-value="${String(counts[stage])}">${formatNumber(counts[stage])}</span> ${word}`,
  );
  return html`<section id="headline" aria-labelledby="headline-heading"><h2 id="headline-heading">Headline figures</h2><dl class="figures-grid">${cards}</dl><p class="stages">Clients by stage at ${asOf}: ${stages}</p></section>`;
};
