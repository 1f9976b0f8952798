// Builds the management report page from a Rapport: asks the library for every report the page draws
// (the same objects the CLI prints as JSON for the page's P and T) and renders them. `rapport report
// html`, `rapport serve` and `rapport demo` all come through here, so the three cannot disagree.
import { InvalidReportInput, lastFullQuarter, type Rapport } from '@rapport/core';
import { formatDate, formatDateTime } from './format.js';
import type { ReportPageData, ReportPageOptions } from './page-input.js';
import { renderReportPage } from './page.js';

export interface BuildReportPageOptions {
  /** P for attrition, KPIs and complaints; default the last full quarter before T. */
  readonly period?: string;
  /** T for lifecycle, win-back and segments (an instant or a date); default the day of the log's last event. */
  readonly asOf?: string;
  readonly title?: string;
  /** Shown in the header; the builder never reads the clock itself, so the page is reproducible without it. */
  readonly generatedAt?: string;
  /** A live dashboard's period/as-of form. */
  readonly picker?: ReportPageOptions['picker'];
}

export const DEFAULT_TITLE = 'Rapport — management report';

/** The page's data and how to label it, with P and T resolved. */
export interface ReportPageInput {
  readonly data: ReportPageData;
  readonly options: ReportPageOptions;
}

const MONTHS_SHOWN = 12;

/**
 * `YYYY-MM` labels of the `count` months ending with `month`, oldest first; fewer when they would
 * start before 0000-01, the first month a period can name.
 */
export const monthsEnding = (month: string, count: number): string[] => {
  const [year, m] = month.split('-').map(Number);
  const last = (year ?? 0) * 12 + (m ?? 1) - 1;
  const first = Math.max(0, last - count + 1);
  return Array.from({ length: last - first + 1 }, (_, i) => {
    const index = first + i;
    return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
  });
};

/**
 * T's local day, checked: the page names its months and quarters YYYY-MM and YYYY-Qn, as periods
 * are written, so T must fall in the years 0000–9999 in the firm's zone.
 */
const pageDay = (t: string, zone: string): string => {
  const day = formatDate(t, zone);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) {
    throw new InvalidReportInput('asOf', `the page's months and quarters are named YYYY-MM and YYYY-Qn, so T must fall in the years 0000–9999 in the firm's zone (${zone}), not on ${day}`);
  }
  return day;
};

/** P when none is given: the last quarter over by the end of T's day, if there is one. */
const defaultPeriod = (day: string): string => {
  if (day < '0000-03-31') throw new InvalidReportInput('period', `no quarter is over by the end of ${day} (the first is 0000-Q1): give one`);
  return lastFullQuarter(day);
};

/**
 * The reports for P and T. T defaults to the local day of the log's last event (the clock's day for
 * an empty log), so a firm's report reads the same whenever it is built; P to the last quarter that
 * is over by the end of T's day. Inputs the library refuses throw its InvalidReportInput.
 */
export const gatherReportPage = async (rapport: Rapport, request: BuildReportPageOptions = {}): Promise<ReportPageInput> => {
  const zone = await rapport.timeZone();
  const last = request.asOf === undefined ? await rapport.lastOccurredAt() : null;
  const asOf = request.asOf ?? (last === null ? undefined : formatDate(last, zone));
  const lifecycle = await rapport.lifecycle(asOf === undefined ? {} : { asOf });
  // The instant the library read T as: a date means the end of that local day.
  const t = lifecycle.asOf;
  // A date is shown as given; an instant (2026-06-30T20:00:00Z) as the firm's local date and time,
  // the zone every other date on the page is in.
  const day = pageDay(t, zone);
  const asOfText = asOf === undefined ? day : /^\d{4}-\d{2}-\d{2}$/.test(asOf) ? asOf : formatDateTime(t, zone);
  const period = request.period ?? defaultPeriod(day);
  const attrition = await rapport.attrition({ period });
  const kpis = await rapport.kpis({ period });
  const complaints = await rapport.complaints({ period });
  const winback = await rapport.winback({ asOf: t });
  const segments = await rapport.segments({ asOf: t });
  const cohorts = await rapport.cohorts();
  const attritionByMonth = [];
  const tMs = Date.parse(t);
  for (const month of monthsEnding(day.slice(0, 7), MONTHS_SHOWN)) {
    const whole = await rapport.attrition({ period: month });
    // T's own month is counted up to T, as every other figure on the page is: a loss after T is
    // not one yet (it showed a churn two weeks after T beside a stage count without it).
    const end = Date.parse(whole.period.end);
    attritionByMonth.push(end > tMs + 1 ? await rapport.attrition({ period: { label: month, start: Date.parse(whole.period.start), end: tMs + 1 } }) : whole);
  }
  return {
    data: { attrition, kpis, complaints, lifecycle, winback, segments, cohorts, attritionByMonth },
    options: {
      title: request.title ?? DEFAULT_TITLE,
      timeZone: zone,
      period,
      asOf: asOfText,
      ...(asOf === undefined ? {} : { asOfInput: asOf }),
      ...(request.generatedAt === undefined ? {} : { generatedAt: request.generatedAt }),
      ...(request.picker === undefined ? {} : { picker: request.picker }),
    },
  };
};

/** The whole self-contained page, as `rapport report html` writes it. */
export const buildReportPage = async (rapport: Rapport, options: BuildReportPageOptions = {}): Promise<string> => {
  const { data, options: pageOptions } = await gatherReportPage(rapport, options);
  return renderReportPage(data, pageOptions);
};
