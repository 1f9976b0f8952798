// The Pareto chart of revenue concentration: one bar per client for its share, the cumulative share
// as a line, the 80% line, and the boundary of the key tier. Key accounts are filled diamonds on
// the line, other clients open circles: the difference is in the shape.
import { html, type Html } from '../html.js';
import { axisPercent, axisTitle, grid } from './axis.js';
import { chartSvg, emptyBody, type ChartName } from './frame.js';
import { legend } from './legend.js';
import { marker, type MarkerStyle } from './markers.js';
import { INK, LIGHT, MUTED, PAPER } from './palette.js';
import { fx, linear } from './scale.js';

export interface ParetoPoint {
  readonly share: number;
  readonly cumulativeShare: number;
  readonly keyAccount: boolean;
  readonly keyTier: boolean;
  /** Tooltip, e.g. "1. Suzhou Precision Parts Co.: 50.1%, cumulative 50.1%". */
  readonly tip: string;
}

export interface ParetoChart {
  readonly name: ChartName;
  readonly title: string;
  readonly desc: string;
  readonly points: readonly ParetoPoint[];
  readonly threshold: number;
  readonly keyAccountLabel: string;
}

const WIDTH = 880;
const HEIGHT = 340;

export const paretoChart = (chart: ParetoChart): Html => {
  const n = chart.points.length;
  if (n === 0) return chartSvg({ ...chart, width: WIDTH, height: 100, body: emptyBody(WIDTH, 100, 'No revenue in the last 12 months.') });
  const top = 48;
  const bottom = HEIGHT - 46;
  const left = 56;
  const right = WIDTH - 20;
  const y = linear([0, 1], [bottom, top]);
  const band = (right - left) / n;
  const centre = (i: number): number => left + band * i + band / 2;
  const small = band < 14;
  const key: MarkerStyle = { shape: 'diamond', fill: INK, stroke: INK, radius: small ? 3 : 4.5 };
  const other: MarkerStyle = { shape: 'circle', fill: PAPER, stroke: INK, radius: small ? 2 : 3.5 };

  const bars = chart.points.map(
    (p, i) => html`<rect x="${fx(left + band * i + band * 0.12)}" y="${fx(y(p.share))}" width="${fx(band * 0.76)}" height="${fx(bottom - y(p.share))}" fill="${LIGHT}" stroke="${INK}" stroke-width="0.6"><title>${p.tip}</title></rect>`,
  );
  const path = `M${left} ${bottom}${chart.points.map((p, i) => `L${fx(centre(i))} ${fx(y(p.cumulativeShare))}`).join('')}`;
  const markers = chart.points.map((p, i) => marker(p.keyAccount ? key : other, centre(i), y(p.cumulativeShare), p.tip));

  const keyTierCount = chart.points.filter((p) => p.keyTier).length;
  const tierX = fx(left + band * keyTierCount);
  const tier =
    keyTierCount === 0
      ? null
      : html`<line x1="${tierX}" y1="${top - 6}" x2="${tierX}" y2="${bottom}" stroke="${INK}" stroke-dasharray="2 3"/><text x="${fx(Number(tierX) + 4)}" y="${top + 4}" fill="${MUTED}">key tier: top ${keyTierCount} of ${n}</text>`;
  const yT = fx(y(chart.threshold));
  const threshold = html`<line x1="${left}" y1="${yT}" x2="${right}" y2="${yT}" stroke="${INK}" stroke-width="1.2" stroke-dasharray="8 4"/><text x="${right}" y="${fx(yT - 5)}" text-anchor="end" class="halo">${axisPercent(chart.threshold)} of revenue</text>`;

  const every = Math.max(1, Math.ceil(n / 25));
  const xLabels = chart.points.map((_, i) =>
    (i + 1) % every === 0 || i === 0 ? html`<text x="${fx(centre(i))}" y="${bottom + 16}" text-anchor="middle" fill="${MUTED}">${i + 1}</text>` : null,
  );

  const body = html`${legend(
    [
      { label: 'Share of revenue', swatch: { kind: 'box', fill: LIGHT } },
      { label: 'Cumulative share', swatch: { kind: 'line', marker: other } },
      { label: chart.keyAccountLabel, swatch: { kind: 'marker', marker: key } },
      { label: '80% line', swatch: { kind: 'line', dash: '8 4' } },
    ],
    left,
    16,
  )}${grid({ ticks: [0, 0.2, 0.4, 0.6, 0.8, 1], y, left, right, format: axisPercent })}${axisTitle('Share of 12-month revenue', 14, (top + bottom) / 2, -90)}${bars}${tier}${threshold}<path d="${path}" fill="none" stroke="${INK}" stroke-width="2"/>${markers}${xLabels}<text x="${(left + right) / 2}" y="${bottom + 36}" text-anchor="middle" fill="${MUTED}">Clients ranked by 12-month revenue</text>`;
  return chartSvg({ ...chart, width: WIDTH, height: HEIGHT, body });
};
