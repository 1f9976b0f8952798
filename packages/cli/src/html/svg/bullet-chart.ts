// Bullet charts: per row and per measure, a dark bar for the actual figure, a light band up to the
// target and a heavy tick at it. The tick is a shape, so target vs actual survives greyscale, and
// each bullet carries its figures as a direct label. A row without a target shows no tick.
import { html, type Html } from '../html.js';
import { chartSvg, emptyBody, type ChartName } from './frame.js';
import { DARK, GRID, INK, LIGHT, MUTED } from './palette.js';
import { fx, linear } from './scale.js';
import { fitLabel } from './label.js';

export interface Bullet {
  readonly actual: number;
  readonly target: number | null;
  /** The figures written under the bullet, e.g. "3 of 5 planned · 60.0%" or "2 · no plan". */
  readonly label: string;
}

export interface BulletPanel {
  readonly title: string;
  /** One per row, in the order of `rows`. */
  readonly bullets: readonly Bullet[];
}

export interface BulletChart {
  readonly name: ChartName;
  readonly title: string;
  readonly desc: string;
  readonly rows: readonly string[];
  readonly panels: readonly BulletPanel[];
  readonly emptyMessage: string;
}

const WIDTH = 880;
const LABEL_W = 112;
/** What the label column holds of a salesperson id in the chart's bold 12px. */
const LABEL_CHARS = 13;
const HEAD = 36;
const ROW_H = 48;
const GAP = 28;

const bullet = (b: Bullet, x0: number, width: number, max: number, y: number, tip: string): Html => {
  const x = linear([0, max], [x0, x0 + width]);
  const band = b.target === null ? null : html`<rect x="${x0}" y="${y + 3}" width="${fx(x(b.target) - x0)}" height="20" fill="${LIGHT}"/>`;
  const tick = b.target === null ? null : html`<line x1="${fx(x(b.target))}" y1="${y}" x2="${fx(x(b.target))}" y2="${y + 26}" stroke="${INK}" stroke-width="3"/>`;
  return html`<g><title>${tip}</title>${band}<rect x="${x0}" y="${y + 8}" width="${fx(Math.max(0, x(b.actual) - x0))}" height="10" fill="${DARK}"/>${tick}<line x1="${x0}" y1="${y}" x2="${x0}" y2="${y + 26}" stroke="${GRID}"/><text x="${x0}" y="${y + 39}" font-size="10.5">${b.label}</text></g>`;
};

export const bulletChart = (chart: BulletChart): Html => {
  if (chart.rows.length === 0) {
    return chartSvg({ ...chart, width: WIDTH, height: 80, body: emptyBody(WIDTH, 80, chart.emptyMessage) });
  }
  const height = HEAD + chart.rows.length * ROW_H + 22;
  const panelW = (WIDTH - LABEL_W - GAP * (chart.panels.length - 1) - 8) / Math.max(1, chart.panels.length);
  const labels = chart.rows.map(
    (row, r) => html`<text x="${LABEL_W - 12}" y="${HEAD + r * ROW_H + 14}" text-anchor="end" dominant-baseline="middle" font-weight="600"><title>${row}</title>${fitLabel(row, LABEL_CHARS)}</text>`,
  );
  const panels = chart.panels.map((panel, p) => {
    const x0 = LABEL_W + p * (panelW + GAP);
    const max = Math.max(1, ...panel.bullets.flatMap((b) => [b.actual, b.target ?? 0])) * 1.04;
    const drawn = panel.bullets.map((b, r) => bullet(b, x0, panelW, max, HEAD + r * ROW_H, `${chart.rows[r] ?? ''}, ${panel.title}: ${b.label}`));
    return html`<text x="${x0}" y="16" font-weight="600">${panel.title}</text>${drawn}`;
  });
  const key = html`<text x="${LABEL_W}" y="${height - 6}" fill="${MUTED}" font-size="10">Dark bar: actual · heavy tick and light band: the target · no tick: no plan</text>`;
  return chartSvg({ ...chart, width: WIDTH, height, body: html`${key}${labels}${panels}` });
};
