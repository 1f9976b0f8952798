// A one-line legend drawn inside the svg, so a printed or copied chart keeps its key.
import { html, type Html } from '../html.js';
import { marker, type MarkerStyle } from './markers.js';
import { INK } from './palette.js';
import { textWidth } from './scale.js';

export type Swatch =
  | { readonly kind: 'box'; readonly fill: string }
  | { readonly kind: 'line'; readonly dash?: string; readonly marker?: MarkerStyle }
  | { readonly kind: 'marker'; readonly marker: MarkerStyle };

export interface LegendItem {
  readonly label: string;
  readonly swatch: Swatch;
}

const SWATCH = 22;
const GAP = 18;

const swatch = (s: Swatch, x: number, y: number): Html => {
  switch (s.kind) {
    case 'box':
      return html`<rect x="${x}" y="${y - 6}" width="${SWATCH - 6}" height="12" fill="${s.fill}" stroke="${INK}" stroke-width="1"/>`;
    case 'line':
      return html`<line x1="${x}" y1="${y}" x2="${x + SWATCH - 4}" y2="${y}" stroke="${INK}" stroke-width="2"${s.dash === undefined ? '' : html` stroke-dasharray="${s.dash}"`}/>${s.marker === undefined ? null : marker(s.marker, x + (SWATCH - 4) / 2, y)}`;
    case 'marker':
      return marker(s.marker, x + 7, y);
  }
};

/** Items laid out left to right from (x, y), y being the text's middle. */
export const legend = (items: readonly LegendItem[], x: number, y: number): Html => {
  let at = x;
  const parts = items.map((item) => {
    const part = html`<g>${swatch(item.swatch, at, y)}<text x="${at + SWATCH}" y="${y}" dominant-baseline="middle">${item.label}</text></g>`;
    at += SWATCH + textWidth(item.label, 11) + GAP;
    return part;
  });
  return html`<g class="legend">${parts}</g>`;
};
