// Horizontal gridlines with their labels on the left, and axis titles.
import { html, type Html } from '../html.js';
import { GRID, INK, MUTED } from './palette.js';
import { fx, type Scale } from './scale.js';

export interface GridSpec {
  readonly ticks: readonly number[];
  readonly y: Scale;
  readonly left: number;
  readonly right: number;
  readonly format: (value: number) => string;
}

export const grid = (spec: GridSpec): Html =>
  html`<g class="grid">${spec.ticks.map((tick, i) => {
    const y = fx(spec.y(tick));
    return html`<line x1="${spec.left}" y1="${y}" x2="${spec.right}" y2="${y}" stroke="${i === 0 ? INK : GRID}" stroke-width="1"/><text x="${spec.left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle" fill="${MUTED}">${spec.format(tick)}</text>`;
  })}</g>`;

/** An axis title written along the left or right edge. */
export const axisTitle = (text: string, x: number, y: number, rotate: -90 | 90): Html =>
  html`<text x="${x}" y="${y}" transform="rotate(${rotate} ${x} ${y})" text-anchor="middle" fill="${MUTED}">${text}</text>`;

/** A percentage label for an axis: whole percents without a decimal, others with one. */
export const axisPercent = (rate: number): string => {
  const pct = Math.round(rate * 1000) / 10;
  return `${Number.isInteger(pct) ? pct.toFixed(0) : pct.toFixed(1)}%`;
};
