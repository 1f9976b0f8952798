// How numbers and instants read on the page. Money arrives as integer minor units (fen) and is
// divided only here, at the last step; a missing value is always an em dash, never 0 or "null".
import { formatMoney as formatMinorUnits } from '../output/readable.js';

export const NONE = '—';

const group = (digits: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/**
 * 11300000 → "113,000.00", as the CLI's tables write it. Derived amounts (prorated targets, scores)
 * are rounded to the fen; totals past 2^53 keep their digits.
 */
export const formatMoney = (minorUnits: number | null): string =>
  minorUnits === null || !Number.isFinite(minorUnits) ? NONE : formatMinorUnits(minorUnits);

/** 0.25 → "25.0%". */
export const formatPercent = (rate: number | null): string =>
  rate === null || !Number.isFinite(rate) ? NONE : `${(rate * 100).toFixed(1)}%`;

/** Counts and derived plain numbers (a prorated target of 1.25 clients) with at most 2 decimals. */
export const formatNumber = (n: number | null): string => {
  if (n === null || !Number.isFinite(n)) return NONE;
  const rounded = Math.round(n * 100) / 100;
  const [whole = '0', fraction] = String(Math.abs(rounded)).split('.');
  return `${rounded < 0 ? '-' : ''}${group(whole)}${fraction === undefined ? '' : `.${fraction}`}`;
};

export const formatHours = (hours: number | null): string => (hours === null ? NONE : `${formatNumber(Math.round(hours * 10) / 10)} h`);

interface ZonedParts {
  readonly date: string;
  readonly time: string;
}

/** Falls back to UTC for a zone this runtime does not know, and says so in the label. */
export const knownZone = (timeZone: string): string => {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return timeZone;
  } catch {
    return 'UTC';
  }
};

const zonedParts = (instant: string, timeZone: string): ZonedParts | null => {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return null;
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: knownZone(timeZone),
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    era: 'short',
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  // Intl counts years by era (the year 0 is "1 BC"); ISO 8601 and the periods count 0, -1, … before 1.
  const era = Number(part('year'));
  const year = part('era') === 'BC' ? 1 - era : era;
  // Padded, so a date of the first millennium is still YYYY-MM-DD (Intl writes the year 1 as "1").
  const yyyy = year < 0 ? `-${String(-year).padStart(4, '0')}` : String(year).padStart(4, '0');
  return { date: `${yyyy}-${part('month')}-${part('day')}`, time: `${part('hour')}:${part('minute')}` };
};

/** An instant as the local date in the firm's zone: "2024-11-18". Unparseable text is shown as is. */
export const formatDate = (instant: string | null, timeZone: string): string => {
  if (instant === null) return NONE;
  return zonedParts(instant, timeZone)?.date ?? instant;
};

/** An instant as local date and minute in the firm's zone: "2025-07-01 09:00". */
export const formatDateTime = (instant: string | null, timeZone: string): string => {
  if (instant === null) return NONE;
  const parts = zonedParts(instant, timeZone);
  return parts === null ? instant : `${parts.date} ${parts.time}`;
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2025-03" → { month: "Mar", year: "2025" }; any other period label is returned whole. */
export const monthLabel = (label: string): { readonly month: string; readonly year: string | null } => {
  const match = /^(\d{4})-(\d{2})$/.exec(label);
  const name = match === null ? undefined : MONTHS[Number(match[2]) - 1];
  return match === null || name === undefined ? { month: label, year: null } : { month: name, year: match[1] ?? null };
};
