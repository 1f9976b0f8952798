// Section 6: the ten churned clients most worth winning back, with what to do about each.
import { formatDate, formatMoney, formatNumber } from '../format.js';
import { html, type Html } from '../html.js';
import type { ChurnReason, WinbackAction, WinbackClientJson, WinbackJson } from '../report-json.js';
import { dataTable } from '../table.js';

const TOP = 10;

const REASONS: Readonly<Record<ChurnReason, string>> = {
  dissatisfied: 'Dissatisfied',
  competitor: 'Competitor',
  'negative-value': 'Negative value',
  involuntary: 'Involuntary',
  other: 'Other',
};

const ACTIONS: Readonly<Record<WinbackAction, string>> = {
  'apologise-and-fix': 'Apologise and fix',
  'differentiated-offer': 'Differentiated offer',
  'call-to-learn-reason': 'Call to learn why',
  'let-go': 'Let go',
};

// The JSON may come from a newer CLI with codes this page does not know; show the code itself.
// (hasOwn, so a code like "constructor" is not looked up on Object.prototype.)
const lookup = (labels: Readonly<Record<string, string>>, code: string): string => (Object.hasOwn(labels, code) ? (labels[code] ?? code) : code);

export const winbackList = (winback: WinbackJson, asOf: string, timeZone: string): Html => {
  const top = winback.clients.slice(0, TOP);
  const table = dataTable<WinbackClientJson>({
    caption: top.length === 0 ? `Win-back candidates at ${asOf}` : `Top ${top.length} of ${winback.clients.length} win-back candidates at ${asOf}, by score`,
    rows: top,
    empty: 'No churned client is worth a win-back attempt.',
    className: 'winback',
    columns: [
      // Names and ids typed by people may be long and unbroken: they wrap anywhere, the other cells by word.
      { header: 'Client', cell: (c) => html`<span class="wrap">${c.name}</span> <span class="id wrap">${c.clientId}</span>` },
      { header: 'Owner', cell: (c) => html`<span class="wrap">${c.ownerId}</span>` },
      { header: 'Reason', cell: (c) => lookup(REASONS, c.reason) },
      { header: 'Churned', cell: (c) => html`<span class="nowrap">${formatDate(c.churnedAt, timeZone)}</span> <span class="id">${formatNumber(c.daysSinceChurn)} d ago</span>` },
      { header: 'Lifetime value', numeric: true, cell: (c) => formatMoney(c.lifetimeValue) },
      { header: 'Open complaints', numeric: true, cell: (c) => formatNumber(c.openComplaints) },
      { header: 'Score', numeric: true, cell: (c) => formatMoney(c.score) },
      { header: 'Action', cell: (c) => html`<strong>${lookup(ACTIONS, c.action)}</strong>` },
    ],
  });
  return html`<section id="winback" aria-labelledby="winback-heading"><h2 id="winback-heading">Win-back list</h2><p class="lead">Churned clients with a controllable reason, lost within the last three years, ranked by score: lifetime value, weighted by reason (lower for a client still waiting on a complaint), decaying with time since churn.</p>${table}</section>`;
};
