// Local months in a zone: the month of an instant and the instant a month begins. Reports call
// these inside loops over every client, so month starts are memoised per (zone, month) and the
// month of an instant costs a little integer arithmetic and two Map lookups.
import type { Zone } from 'luxon';
import { civilFromDays } from './civil.js';
import { DAY_MS, localDayStart, zoneNamed } from './zone.js';

interface ZoneCalendar {
  readonly zone: Zone;
  /** Month index (year × 12 + month − 1) → epoch ms of its first moment. */
  readonly monthStarts: Map<number, number>;
}

const calendars = new Map<string, ZoneCalendar>();
const labels = new Map<number, string>();
const indexes = new Map<string, number>();

const calendarOf = (zone: string): ZoneCalendar => {
  let calendar = calendars.get(zone);
  if (calendar === undefined) {
    calendar = { zone: zoneNamed(zone), monthStarts: new Map() };
    calendars.set(zone, calendar);
  }
  return calendar;
};

const startOf = (calendar: ZoneCalendar, index: number): number => {
  let start = calendar.monthStarts.get(index);
  if (start === undefined) {
    start = localDayStart(calendar.zone, { year: Math.floor(index / 12), month: (index % 12) + 1, day: 1 });
    calendar.monthStarts.set(index, start);
  }
  return start;
};

/**
 * `YYYY-MM` of a month index. Instants are years 0000–9999, but their local month can fall just
 * outside (9999-12-31T23:00Z is January 10000 in Pacific/Kiritimati, 0000-01-01T00:00Z December
 * of year −1 in America/St_Johns): such years are written as ISO 8601 writes them, `10000-01` and
 * `-0001-12`, and read back by monthIndex.
 */
export const monthLabel = (index: number): string => {
  let label = labels.get(index);
  if (label === undefined) {
    const year = Math.floor(index / 12);
    const month = index - year * 12 + 1;
    label = `${year < 0 ? '-' : ''}${String(Math.abs(year)).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
    labels.set(index, label);
  }
  return label;
};

const MONTH_PATTERN = /^(-?\d{4,5})-(0[1-9]|1[0-2])$/;

/** The month index of `YYYY-MM` (or a label monthLabel gives); throws on anything else, since callers pass validated months. */
export const monthIndex = (month: string): number => {
  let index = indexes.get(month);
  if (index === undefined) {
    const m = MONTH_PATTERN.exec(month);
    if (m === null) throw new RangeError(`not a month YYYY-MM: "${month}"`);
    index = Number(m[1]) * 12 + Number(m[2]) - 1;
    indexes.set(month, index);
  }
  return index;
};

/** Start of the month at `index` in `zone`, for the period parser. */
export const monthIndexStart = (index: number, zone: string): number => startOf(calendarOf(zone), index);

const indexAt = (calendar: ZoneCalendar, ms: number): number => {
  if (!Number.isFinite(ms)) throw new RangeError(`not an instant: ${ms}`);
  // The UTC month is at most one month off the local one (offsets are under a day); it comes from
  // the UTC day by integer arithmetic, which costs far less than a Date per call.
  const { year, month } = civilFromDays(Math.floor(ms / DAY_MS));
  const index = year * 12 + month - 1;
  if (ms < startOf(calendar, index)) return index - 1;
  if (ms >= startOf(calendar, index + 1)) return index + 1;
  return index;
};

/** Month index of the local date of `ms` in `zone`: months compare as numbers, whatever the year's width. */
export const localMonthIndex = (ms: number, zone: string): number => indexAt(calendarOf(zone), ms);

/** `YYYY-MM` of the local date of `ms` in `zone`. */
export const localMonth = (ms: number, zone: string): string => monthLabel(indexAt(calendarOf(zone), ms));

/** Epoch ms of the first moment of the month's first local day in `zone`. */
export const monthStart = (month: string, zone: string): number => startOf(calendarOf(zone), monthIndex(month));

/** The month after `YYYY-MM`. */
export const nextMonth = (month: string): string => monthLabel(monthIndex(month) + 1);

/**
 * The months whose first day starts in [start, end), ascending (plans counted in a period, SPEC
 * §4.3). They run from the first month starting at or after `start` to the month holding end − 1
 * (which starts before `end`): two zone look-ups, however many months lie between (a period of
 * 0001..9999 is 120,000 of them, and a zone look-up costs tens of microseconds).
 */
export const monthsStartingIn = (start: number, end: number, zone: string): string[] => {
  const calendar = calendarOf(zone);
  const months: string[] = [];
  if (!(start < end)) return months;
  let first = indexAt(calendar, start);
  if (startOf(calendar, first) < start) first += 1;
  const last = indexAt(calendar, end - 1);
  for (let index = first; index <= last; index += 1) months.push(monthLabel(index));
  return months;
};
