// The accessible shell every chart shares: role="img", a <title> and <desc> it is labelled by, a
// fixed width/height with a viewBox (so it scales down but never collapses to 0), and the
// data-chart name browser tests look for.
import { html, type Html } from '../html.js';
import { INK, MUTED, patternDefs } from './palette.js';

export type ChartName = 'attrition-monthly' | 'cohorts' | 'salespeople' | 'pareto' | 'complaints';

export interface ChartFrame {
  readonly name: ChartName;
  readonly title: string;
  readonly desc: string;
  readonly width: number;
  readonly height: number;
  readonly body: Html;
  /** Drawn at its own size (the heat map): shrinks to fit a narrow page but never grows. */
  readonly natural?: boolean;
}

export const chartSvg = (frame: ChartFrame): Html => {
  const id = `chart-${frame.name}`;
  const width = Math.max(1, Math.ceil(frame.width));
  const height = Math.max(1, Math.ceil(frame.height));
  return html`<svg role="img" aria-labelledby="${id}-title ${id}-desc" data-chart="${frame.name}" class="chart${frame.natural === true ? ' natural' : ''}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-size="11" fill="${INK}"><title id="${id}-title">${frame.title}</title><desc id="${id}-desc">${frame.desc}</desc>${patternDefs(frame.name)}${frame.body}</svg>`;
};

/** What a chart shows when there is nothing to draw: still a real, labelled, non-empty svg. */
export const emptyBody = (width: number, height: number, message: string): Html =>
  html`<text x="${width / 2}" y="${height / 2}" text-anchor="middle" dominant-baseline="middle" fill="${MUTED}" font-style="italic">${message}</text>`;
