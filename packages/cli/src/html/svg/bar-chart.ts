// Grouped vertical bars per category (acquired vs lost per month). An optional rate is drawn as a
// dashed line with labelled markers in its own strip above the bars, on the same months: one chart,
// but no rate label ever sits on top of a bar label.
import { html, type Html } from '../html.js';
import { axisPercent, axisTitle, grid } from './axis.js';
import { chartSvg, emptyBody, type ChartName } from './frame.js';
import { legend, type LegendItem } from './legend.js';
import { marker, type MarkerStyle } from './markers.js';
import { INK, MUTED, PAPER } from './palette.js';
import { axisFor, fx, linear, type Scale } from './scale.js';

export interface BarSeries {
  readonly label: string;
  readonly fill: string;
  readonly values: readonly number[];
}

export interface RateLine {
  readonly label: string;
  /** Rates in [0, 1]; null leaves a gap (no clients to lose that month). */
  readonly values: readonly (number | null)[];
  readonly format: (rate: number) => string;
}

export interface Category {
  readonly label: string;
  /** A second line under the label (the year under the first month of a year). */
  readonly sub: string | null;
  /** The full name for tooltips: "Mar 2025". */
  readonly long: string;
}

export interface GroupedBarChart {
  readonly name: ChartName;
  readonly title: string;
  readonly desc: string;
  readonly categories: readonly Category[];
  readonly bars: readonly BarSeries[];
  readonly line?: RateLine;
  readonly countTitle: string;
}

const WIDTH = 880;
const LEFT = 60;
const RIGHT = WIDTH - 16;
const RATE_MARKER: MarkerStyle = { shape: 'circle', fill: PAPER, stroke: INK, radius: 3.5 };

type Centre = (i: number) => number;

const rateStrip = (line: RateLine, categories: readonly Category[], centre: Centre, top: number, bottom: number): Html => {
  const axis = axisFor(Math.max(0.05, ...line.values.filter((v): v is number => v !== null)), 2, false);
  const y: Scale = linear([0, axis.max], [bottom, top]);
  let path = '';
  let open = false;
  line.values.forEach((v, i) => {
    if (v === null) {
      open = false;
      return;
    }
    path += `${open ? 'L' : 'M'}${fx(centre(i))} ${fx(y(v))}`;
    open = true;
  });
  const points = line.values.map((v, i) =>
    v === null
      ? html`<text x="${fx(centre(i))}" y="${fx(bottom - 6)}" text-anchor="middle" fill="${MUTED}" font-size="10">—</text>`
      : html`${marker(RATE_MARKER, centre(i), y(v), `${categories[i]?.long ?? ''}: ${line.label} ${line.format(v)}`)}<text x="${fx(centre(i))}" y="${fx(y(v) - 8)}" text-anchor="middle" font-size="10" class="halo">${line.format(v)}</text>`,
  );
  return html`${grid({ ticks: axis.ticks, y, left: LEFT, right: RIGHT, format: axisPercent })}${axisTitle('Rate', 16, (top + bottom) / 2, -90)}<path d="${path}" fill="none" stroke="${INK}" stroke-width="2" stroke-dasharray="6 3"/>${points}`;
};

const barGroups = (chart: GroupedBarChart, band: number, y: Scale, bottom: number): Html[] => {
  const inner = band * 0.64;
  const width = inner / Math.max(1, chart.bars.length);
  return chart.bars.map(
    (series, j) =>
      html`<g>${series.values.map((value, i) => {
        const x = LEFT + band * i + (band - inner) / 2 + width * j;
        const top = y(value);
        return html`<rect x="${fx(x)}" y="${fx(top)}" width="${fx(width - 1)}" height="${fx(bottom - top)}" fill="${series.fill}" stroke="${INK}" stroke-width="0.8"><title>${chart.categories[i]?.long ?? ''}: ${series.label} ${value}</title></rect><text x="${fx(x + width / 2)}" y="${fx(top - 4)}" text-anchor="middle" font-size="10"${value === 0 ? html` fill="${MUTED}"` : null}>${value}</text>`;
      })}</g>`,
  );
};

export const groupedBarChart = (chart: GroupedBarChart): Html => {
  const n = chart.categories.length;
  if (n === 0) return chartSvg({ ...chart, width: WIDTH, height: 120, body: emptyBody(WIDTH, 120, 'No months to show.') });
  const line = chart.line;
  const stripTop = 48;
  const stripBottom = stripTop + 76;
  const top = line === undefined ? 48 : stripBottom + 34;
  const height = top + 210 + 44;
  const bottom = height - 44;
  const counts = axisFor(Math.max(0, ...chart.bars.flatMap((s) => s.values)), 4, true);
  const y = linear([0, counts.max], [bottom, top]);
  const band = (RIGHT - LEFT) / n;
  const centre: Centre = (i) => LEFT + band * i + band / 2;

  const xLabels = chart.categories.map(
    (c, i) =>
      html`<text x="${fx(centre(i))}" y="${bottom + 16}" text-anchor="middle">${c.label}</text>${c.sub === null ? null : html`<text x="${fx(centre(i))}" y="${bottom + 30}" text-anchor="middle" fill="${MUTED}">${c.sub}</text>`}`,
  );
  const items: LegendItem[] = chart.bars.map((s) => ({ label: s.label, swatch: { kind: 'box', fill: s.fill } }));
  if (line !== undefined) items.push({ label: `${line.label} (top strip)`, swatch: { kind: 'line', dash: '6 3', marker: RATE_MARKER } });

  const body = html`${legend(items, LEFT, 16)}${line === undefined ? null : rateStrip(line, chart.categories, centre, stripTop, stripBottom)}${grid({ ticks: counts.ticks, y, left: LEFT, right: RIGHT, format: String })}${axisTitle(chart.countTitle, 16, (top + bottom) / 2, -90)}${barGroups(chart, band, y, bottom)}${xLabels}`;
  return chartSvg({ ...chart, width: WIDTH, height, body });
};
