// One chart section: heading, a sentence on how to read the chart, the chart, and the same figures
// as tables in a <details> (for screen readers, and for anyone who wants the exact numbers).
import { html, type Html, type Interpolation } from '../html.js';

export interface ChartSection {
  readonly id: string;
  readonly heading: string;
  readonly lead: Interpolation;
  readonly chart: Html;
  readonly tables: readonly Html[];
}

export const chartSection = (s: ChartSection): Html =>
  html`<section id="${s.id}" aria-labelledby="${s.id}-heading"><h2 id="${s.id}-heading">${s.heading}</h2><p class="lead">${s.lead}</p><figure class="chart-figure"><div class="chart-scroll">${s.chart}</div></figure><details class="figures"><summary>Figures behind the chart</summary>${s.tables}</details></section>`;
