// Renders the management report as one self-contained HTML document: inline styles and SVG, no
// script to run and nothing to fetch (a CSP meta tag forbids it, so even a bug cannot phone out),
// and the reports it was drawn from embedded as JSON for anyone who wants the exact numbers.
import { jsonForScript } from './escape.js';
import { formatDate, formatDateTime, knownZone } from './format.js';
import { html, raw, toText, type Html } from './html.js';
import type { ReportPageData, ReportPageOptions } from './page-input.js';
import type { PeriodJson } from './report-json.js';
import { attritionMonthly } from './sections/attrition-monthly.js';
import { cohortRetention } from './sections/cohorts.js';
import { complaints } from './sections/complaints.js';
import { headline } from './sections/headline.js';
import { revenueConcentration } from './sections/pareto.js';
import { picker } from './sections/picker.js';
import { salespeople } from './sections/salespeople.js';
import { winbackList } from './sections/winback.js';
import { STYLES } from './styles.js';

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'";

const CONTENTS: readonly (readonly [string, string])[] = [
  ['headline', 'Headline'],
  ['attrition-by-month', 'By month'],
  ['cohort-retention', 'Cohorts'],
  ['salespeople', 'Salespeople'],
  ['revenue-concentration', 'Revenue'],
  ['winback', 'Win-back'],
  ['complaints', 'Complaints'],
];

/** A period's days as people say them: the end is exclusive, so its last day is end − 1 ms. */
const periodDays = (period: PeriodJson, timeZone: string): string => {
  const end = Date.parse(period.end);
  const last = Number.isNaN(end) ? period.end : new Date(end - 1).toISOString();
  return `${formatDate(period.start, timeZone)} to ${formatDate(last, timeZone)}`;
};

const header = (data: ReportPageData, options: ReportPageOptions, zone: string): Html => {
  const period = data.attrition.period;
  const knownAt = data.attrition.knownAt ?? null;
  return html`<header class="report"><h1>${options.title}</h1><p class="meta">${period.label} (${periodDays(period, zone)}) · as of ${options.asOf} · times in ${zone}${
    knownAt === null ? null : html` · as known at ${formatDateTime(knownAt, zone)}`
  }${options.generatedAt === undefined ? null : html` · generated ${formatDateTime(options.generatedAt, zone)}`}</p></header>`;
};

/** The data block: every report the page draws, exactly as given. */
const embedded = (data: ReportPageData): Html => {
  const { attrition, kpis, winback, segments, cohorts, complaints: complaintsJson, lifecycle, attritionByMonth } = data;
  const json = jsonForScript({ attrition, kpis, winback, segments, cohorts, complaints: complaintsJson, lifecycle, attritionByMonth });
  return html`<script type="application/json" id="rapport-data">${raw(json)}</script>`;
};

export const renderReportPage = (data: ReportPageData, options: ReportPageOptions): string => {
  const zone = knownZone(options.timeZone);
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="color-scheme" content="light">
<title>${options.title} — ${data.attrition.period.label}</title>
<style>${raw(STYLES)}</style>
</head>
<body>
<div class="page">
${header(data, options, zone)}
${options.picker === undefined ? null : picker(options.picker.action, options.period, options.asOfInput ?? options.asOf)}
<nav class="toc" aria-label="Contents">${CONTENTS.map(([id, label]) => html`<a href="#${id}">${label}</a>`)}</nav>
<main>
${headline(data, options.asOf)}
${attritionMonthly(data.attritionByMonth)}
${cohortRetention(data.cohorts)}
${salespeople(data.kpis)}
${revenueConcentration(data.segments, options.asOf)}
${winbackList(data.winback, options.asOf, zone)}
${complaints(data.complaints)}
</main>
<footer>Money in the firm’s currency, to two decimals. Rates are shares of the clients active at the start of the period; “—” means there were none. Attrition, salespeople and complaints cover ${data.attrition.period.label}; lifecycle, win-back and revenue are as of ${options.asOf}.</footer>
</div>
${embedded(data)}
</body>
</html>
`;
  return toText(page);
};
