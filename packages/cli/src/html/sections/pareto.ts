// Section 5: revenue concentration — how few clients bring most of the 12-month revenue.
import { formatMoney, formatNumber, formatPercent } from '../format.js';
import { html, type Html } from '../html.js';
import type { SegmentClientJson, SegmentsJson } from '../report-json.js';
import { paretoChart } from '../svg/pareto-chart.js';
import { dataTable } from '../table.js';
import { chartSection } from './section.js';

const describe = (segments: SegmentsJson, asOf: string): string => {
  const rows = segments.clients;
  if (rows.length === 0) return `No active client had revenue in the 12 months to ${asOf}.`;
  const keyTier = rows.filter((r) => r.tier === 'key');
  const tierShare = keyTier[keyTier.length - 1]?.cumulativeShare ?? 0;
  const keyAccounts = rows.filter((r) => r.keyAccount).length;
  return `${rows.length} active clients had revenue in the 12 months to ${asOf}, ${formatMoney(segments.totalRevenue12m)} in all. The top ${keyTier.length} (the key tier) bring ${formatPercent(tierShare)} of it; ${keyAccounts} ${keyAccounts === 1 ? 'is a key account' : 'are key accounts'}.`;
};

const tip = (c: SegmentClientJson, rank: number): string =>
  `${rank}. ${c.name} (${c.clientId})${c.keyAccount ? ', key account' : ''}: ${formatMoney(c.revenue12m)}, ${formatPercent(c.share)} of revenue, ${formatPercent(c.cumulativeShare)} cumulative`;

export const revenueConcentration = (segments: SegmentsJson, asOf: string): Html => {
  const chart = paretoChart({
    name: 'pareto',
    title: 'Revenue concentration (Pareto curve)',
    desc: describe(segments, asOf),
    threshold: 0.8,
    keyAccountLabel: 'Key account',
    points: segments.clients.map((c, i) => ({ share: c.share, cumulativeShare: c.cumulativeShare, keyAccount: c.keyAccount, keyTier: c.tier === 'key', tip: tip(c, i + 1) })),
  });
  const table = dataTable({
    caption: `Clients by 12-month revenue to ${asOf}`,
    rows: segments.clients,
    empty: 'No client had revenue in the last 12 months.',
    columns: [
      { header: 'Rank', numeric: true, cell: (_, i) => i + 1 },
      { header: 'Client', cell: (c) => html`${c.name} <span class="id">${c.clientId}</span>` },
      { header: 'Owner', cell: (c) => c.ownerId },
      { header: 'Revenue, 12 months', numeric: true, cell: (c) => formatMoney(c.revenue12m) },
      { header: 'Share', numeric: true, cell: (c) => formatPercent(c.share) },
      { header: 'Cumulative', numeric: true, cell: (c) => formatPercent(c.cumulativeShare) },
      { header: 'Tier', cell: (c) => c.tier },
      { header: 'Key account', cell: (c) => (c.keyAccount ? '◆ yes' : 'no') },
    ],
  });
  return chartSection({
    id: 'revenue-concentration',
    heading: 'Revenue concentration',
    lead: html`Clients ranked by revenue over the 12 months to ${asOf} (total ${formatMoney(segments.totalRevenue12m)}, ${formatNumber(segments.clients.length)} clients). Bars are each client’s share, the line the running total; the key tier is the shortest run of top clients reaching 80%. Filled diamonds mark key accounts.`,
    chart,
    tables: [table],
  });
};
