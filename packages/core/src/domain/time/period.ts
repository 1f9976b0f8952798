// Report periods and as-of values as users type them (SPEC §4): parsed in the firm's zone into
// epoch-ms boundaries, with messages that show every accepted form (a usage error, exit code 2).
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { parseInstant } from '../primitives.js';
import { monthIndexStart } from './calendar.js';
import { isKnownZone, localDayStart, nextDate, parseCalendarDate, zoneNamed } from './zone.js';

/** A half-open interval [start, end) of epoch ms; `label` is the period as the user wrote it. */
export interface Period {
  readonly label: string;
  readonly start: number;
  readonly end: number;
}

const PERIOD_FORMS =
  'a year YYYY (2024), a quarter YYYY-Qn (2024-Q1), a month YYYY-MM (2024-03) ' +
  'or days YYYY-MM-DD..YYYY-MM-DD (2024-01-15..2024-02-15, end exclusive)';

const AS_OF_FORMS =
  'an instant YYYY-MM-DDTHH:MM:SSZ or YYYY-MM-DDTHH:MM:SS.mmmZ (or with an offset, +08:00), ' +
  'or a date YYYY-MM-DD (the last millisecond of that day in the time zone)';

const unknownZone = (zone: string): string =>
  `unknown time zone "${zone}": expected an IANA name as written, such as Asia/Shanghai or UTC`;

const YEAR = /^(\d{4})$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const DAYS = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/;

/** Months are spans of month indexes (year × 12 + month − 1), so one memoised table serves all forms. */
const monthSpan = (text: string, firstIndex: number, months: number, zone: string): Period => ({
  label: text,
  start: monthIndexStart(firstIndex, zone),
  end: monthIndexStart(firstIndex + months, zone),
});

export const parsePeriod = (text: string, zone: string): Either<string, Period> => {
  if (!isKnownZone(zone)) return left(unknownZone(zone));
  const invalid = (why: string): Either<string, Period> =>
    left(`period "${text}" is not valid${why}: expected ${PERIOD_FORMS}`);
  let m = YEAR.exec(text);
  if (m !== null) return right(monthSpan(text, Number(m[1]) * 12, 12, zone));
  m = QUARTER.exec(text);
  if (m !== null) return right(monthSpan(text, Number(m[1]) * 12 + (Number(m[2]) - 1) * 3, 3, zone));
  m = MONTH.exec(text);
  if (m !== null) return right(monthSpan(text, Number(m[1]) * 12 + Number(m[2]) - 1, 1, zone));
  m = DAYS.exec(text);
  if (m === null) return invalid('');
  const [from, to] = [parseCalendarDate(m[1]!), parseCalendarDate(m[2]!)];
  if (from === undefined) return invalid(` (${m[1]} is not a real date)`);
  if (to === undefined) return invalid(` (${m[2]} is not a real date)`);
  const start = localDayStart(zoneNamed(zone), from);
  const end = localDayStart(zoneNamed(zone), to);
  if (end <= start) return invalid(` (the end ${m[2]} must be after the start ${m[1]})`);
  return right({ label: text, start, end });
};

/** An as-of (or known-at) value: an instant, or a date meaning the last millisecond of that local day. */
export const parseAsOf = (text: string, zone: string): Either<string, number> => {
  if (!isKnownZone(zone)) return left(unknownZone(zone));
  const instant = parseInstant(text) ?? parseOffsetInstant(text);
  if (instant !== undefined) return right(instant);
  const date = parseCalendarDate(text);
  if (date === undefined) return left(`"${text}" is not a valid as-of: expected ${AS_OF_FORMS}`);
  return right(localDayStart(zoneNamed(zone), nextDate(date)) - 1);
};

const OFFSET_INSTANT = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?)([+-])(\d{2}):(\d{2})$/;

/**
 * An option instant with an offset (SPEC §5: `2024-06-30T12:00:00+08:00`): the same calendar rules
 * as the Z form, then shifted by the offset (at most ±23:59).
 */
const parseOffsetInstant = (text: string): number | undefined => {
  const m = OFFSET_INSTANT.exec(text);
  if (m === null) return undefined;
  const [, local = '', sign, hours = '', minutes = ''] = m;
  const utc = parseInstant(`${local}Z`);
  const h = Number(hours);
  const mi = Number(minutes);
  if (utc === undefined || h > 23 || mi > 59) return undefined;
  const offsetMs = (h * 60 + mi) * 60_000;
  return sign === '+' ? utc - offsetMs : utc + offsetMs;
};

/**
 * The last quarter that is over by the end of the local day `day` (YYYY-MM-DD): the day's own quarter
 * when it is the quarter's last day, else the quarter before. The demo and the HTML report use it as
 * their default period.
 */
export const lastFullQuarter = (day: string): string => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (m === null) throw new RangeError(`expected a day YYYY-MM-DD, got ${JSON.stringify(day)}`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const date = Number(m[3]);
  const quarter = Math.ceil(month / 3);
  const lastMonth = quarter * 3;
  const lastDate = new Date(Date.UTC(year, lastMonth, 0)).getUTCDate();
  // A year of the first millennium is still written with four digits (0999-Q2), as periods are read.
  const yyyy = (y: number): string => String(y).padStart(4, '0');
  if (month === lastMonth && date === lastDate) return `${yyyy(year)}-Q${quarter}`;
  return quarter === 1 ? `${yyyy(year - 1)}-Q4` : `${yyyy(year)}-Q${quarter - 1}`;
};
