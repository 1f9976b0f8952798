// Colours chosen by lightness, not hue, so every distinction survives a greyscale printer; where
// two things could still be confused, a pattern, a dash or a marker shape tells them apart.
import { html, type Html } from '../html.js';

export const INK = '#1b1f24';
export const MUTED = '#5b6470';
export const GRID = '#d9dde3';
export const DARK = '#22405f';
export const MID = '#7d98b5';
export const LIGHT = '#d3dde8';
export const PAPER = '#ffffff';

/** Fills that carry a pattern, referenced as url(#<chart>-<kind>). */
export type PatternKind = 'hatch';

export const patternId = (chart: string, kind: PatternKind): string => `${chart}-${kind}`;
export const patternFill = (chart: string, kind: PatternKind): string => `url(#${patternId(chart, kind)})`;

/** Pattern definitions, prefixed per chart so one svg copied out of the page still works alone. */
export const patternDefs = (chart: string): Html => html`<defs>
<pattern id="${patternId(chart, 'hatch')}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="${PAPER}"/><line x1="0" y1="0" x2="0" y2="6" stroke="${INK}" stroke-width="2.4"/></pattern>
</defs>`;

const hex = (n: number): string => Math.round(n).toString(16).padStart(2, '0');

/**
 * Heat-map shade for a share in [0, 1]: from near-white to the dark series colour, monotonic in
 * lightness. Returns the text colour that stays readable on it.
 */
export const shade = (share: number): { readonly fill: string; readonly text: string } => {
  const clamped = Math.min(1, Math.max(0, share));
  // Shades 0.58–0.67 of the way are too light for white text and too dark for ink (both under
  // 4.5:1): the ramp steps over them at a share of one half, still darker as the share grows.
  const t = clamped <= 0.5 ? clamped * 1.16 : 0.67 + (clamped - 0.5) * 0.66;
  const from = [0xf4, 0xf6, 0xf9];
  const to = [0x1d, 0x3a, 0x59];
  const rgb = from.map((f, i) => f + ((to[i] ?? f) - f) * t);
  // The text colour with the better contrast (WCAG's relative luminance): white from mid-blue on
  // gave 2.9–4.3:1 between 50 % and 67 %, under the 4.5:1 small text needs.
  const fill = luminance(rgb);
  const onPaper = (luminance([0xff, 0xff, 0xff]) + 0.05) / (fill + 0.05);
  const onInk = (fill + 0.05) / (luminance([0x1b, 0x1f, 0x24]) + 0.05);
  return { fill: `#${rgb.map(hex).join('')}`, text: onPaper > onInk ? PAPER : INK };
};

/** WCAG 2 relative luminance of an sRGB colour given as 0–255 channels. */
const luminance = (rgb: readonly number[]): number => {
  const [r = 0, g = 0, b = 0] = rgb.map((c) => {
    const s = Math.round(c) / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
