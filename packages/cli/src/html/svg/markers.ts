// Point markers whose shape, not only colour, carries the meaning (a key account is a diamond).
import { html, type Html } from '../html.js';
import { fx } from './scale.js';

export type MarkerShape = 'circle' | 'diamond' | 'square';

export interface MarkerStyle {
  readonly shape: MarkerShape;
  readonly fill: string;
  readonly stroke: string;
  /** Half the marker's width. */
  readonly radius: number;
}

export const marker = (style: MarkerStyle, x: number, y: number, label?: string): Html => {
  const r = style.radius;
  const tip = label === undefined ? null : html`<title>${label}</title>`;
  const paint = html`fill="${style.fill}" stroke="${style.stroke}" stroke-width="1.5"`;
  switch (style.shape) {
    case 'circle':
      return html`<circle cx="${fx(x)}" cy="${fx(y)}" r="${r}" ${paint}>${tip}</circle>`;
    case 'square':
      return html`<rect x="${fx(x - r)}" y="${fx(y - r)}" width="${2 * r}" height="${2 * r}" ${paint}>${tip}</rect>`;
    case 'diamond': {
      const d = r * 1.35;
      return html`<path d="M${fx(x)} ${fx(y - d)}L${fx(x + d)} ${fx(y)}L${fx(x)} ${fx(y + d)}L${fx(x - d)} ${fx(y)}Z" ${paint}>${tip}</path>`;
    }
  }
};
