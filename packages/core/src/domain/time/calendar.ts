// Local months in a zone: the month of an instant and the instant a month begins. Reports call
// these inside loops over every client, so month starts are memoised per (zone, month) and the
// month of an instant costs one Date and two Map lookups.
import type { IANAZone } from 'luxon';
import { localDayStart, zoneNamed } from './zone.js';

interface ZoneCalendar {
  readonly zone: IANAZone;
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

const labelOf = (index: number): string => {
  let label = labels.get(index);
  if (label === undefined) {
    label = `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
    labels.set(index, label);
  }
  return label;
};

const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The month index of `YYYY-MM`; throws on anything else, since callers pass validated months. */
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
  // The UTC month is at most one month off the local one (offsets are under a day).
  const date = new Date(ms);
  const index = date.getUTCFullYear() * 12 + date.getUTCMonth();
  if (ms < startOf(calendar, index)) return index - 1;
  if (ms >= startOf(calendar, index + 1)) return index + 1;
  return index;
};

/** `YYYY-MM` of the local date of `ms` in `zone`. */
export const localMonth = (ms: number, zone: string): string => labelOf(indexAt(calendarOf(zone), ms));

/** Epoch ms of the first moment of the month's first local day in `zone`. */
export const monthStart = (month: string, zone: string): number => startOf(calendarOf(zone), monthIndex(month));

/** The month after `YYYY-MM`. */
export const nextMonth = (month: string): string => labelOf(monthIndex(month) + 1);

/** The months whose first day starts in [start, end), ascending (plans counted in a period, SPEC §4.3). */
export const monthsStartingIn = (start: number, end: number, zone: string): string[] => {
  const calendar = calendarOf(zone);
  const months: string[] = [];
  if (!(start < end)) return months;
  let index = indexAt(calendar, start);
  if (startOf(calendar, index) < start) index += 1;
  for (; startOf(calendar, index) < end; index += 1) months.push(labelOf(index));
  return months;
};
