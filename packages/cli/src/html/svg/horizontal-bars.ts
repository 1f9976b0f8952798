// Panels of horizontal bars, side by side, each bar optionally stacked (open complaints split into
// overdue and not yet overdue) and followed by its figures written out.
import { html, type Html } from '../html.js';
import { chartSvg, type ChartName } from './frame.js';
import { legend, type LegendItem } from './legend.js';
import { INK, MUTED } from './palette.js';
import { fx, linear } from './scale.js';
import { fitLabel } from './label.js';

export interface BarPart {
  readonly value: number;
  readonly fill: string;
}

export interface HorizontalBar {
  readonly label: string;
  readonly parts: readonly BarPart[];
  /** Written after the bar, e.g. "3 open · 1 overdue". */
  readonly text: string;
}

export interface BarPanel {
  readonly title: string;
  readonly bars: readonly HorizontalBar[];
  readonly emptyMessage: string;
}

export interface HorizontalBarChart {
  readonly name: ChartName;
  readonly title: string;
  readonly desc: string;
  readonly panels: readonly BarPanel[];
  readonly legend: readonly LegendItem[];
}

const WIDTH = 880;
const LABEL_W = 104;
/** What the label column holds of a label in the chart's 12px. */
const LABEL_CHARS = 14;
const TEXT_W = 112;
const ROW_H = 26;
const TOP = 58;
const GAP = 32;

const panel = (p: BarPanel, x0: number, width: number): Html => {
  const title = html`<text x="${x0}" y="${TOP - 14}" font-weight="600">${p.title}</text>`;
  if (p.bars.length === 0) return html`${title}<text x="${x0}" y="${TOP + 12}" fill="${MUTED}" font-style="italic">${p.emptyMessage}</text>`;
  const barX = x0 + LABEL_W;
  const max = Math.max(1, ...p.bars.map((b) => b.parts.reduce((sum, part) => sum + part.value, 0)));
  const x = linear([0, max], [barX, barX + width - LABEL_W - TEXT_W]);
  const rows = p.bars.map((bar, r) => {
    const y = TOP + r * ROW_H;
    let at = 0;
    const parts = bar.parts.map((part) => {
      const from = at;
      at += part.value;
      return part.value === 0 ? null : html`<rect x="${fx(x(from))}" y="${y + 4}" width="${fx(x(at) - x(from))}" height="${ROW_H - 9}" fill="${part.fill}" stroke="${INK}" stroke-width="0.8"/>`;
    });
    return html`<g><title>${bar.label}: ${bar.text}</title><text x="${barX - 8}" y="${y + ROW_H / 2}" text-anchor="end" dominant-baseline="middle">${fitLabel(bar.label, LABEL_CHARS)}</text><line x1="${barX}" y1="${y + 1}" x2="${barX}" y2="${y + ROW_H - 2}" stroke="${INK}"/>${parts}<text x="${fx(x(at) + 6)}" y="${y + ROW_H / 2}" dominant-baseline="middle" font-size="10.5">${bar.text}</text></g>`;
  });
  return html`${title}${rows}`;
};

export const horizontalBarChart = (chart: HorizontalBarChart): Html => {
  const rows = Math.max(1, ...chart.panels.map((p) => p.bars.length));
  const height = TOP + rows * ROW_H + 10;
  const panelW = (WIDTH - GAP * (chart.panels.length - 1) - 8) / Math.max(1, chart.panels.length);
  const panels = chart.panels.map((p, i) => panel(p, i * (panelW + GAP), panelW));
  return chartSvg({ ...chart, width: WIDTH, height, body: html`${legend(chart.legend, LABEL_W, 14)}${panels}` });
};
