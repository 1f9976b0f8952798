// IANA zones and where their local days begin, including days whose midnight is skipped or repeated
// by a clock change (SPEC §4: "a day starts at its first existing moment").
import { FixedOffsetZone, IANAZone, type Zone } from 'luxon';
import { DAY_MS } from './civil.js';
import { IANA_ZONE_NAMES } from './iana-zone-names.js';

export { DAY_MS };

const validity = new Map<string, boolean>();
let spelled: ReadonlySet<string> | undefined;

/**
 * True for an IANA zone name spelled as IANA writes it (`Asia/Shanghai`, `UTC`, `US/Eastern`).
 * Intl accepts any casing (`asia/shanghai`, `US/EASTERN`), which the spec's "names as written"
 * rules out.
 */
export const isValidZone = (zone: string): boolean => {
  let valid = validity.get(zone);
  if (valid === undefined) {
    valid = checkZone(zone);
    validity.set(zone, valid);
  }
  return valid;
};

const checkZone = (zone: string): boolean => {
  // The default zone, answered without Intl: its first DateTimeFormat costs a cold report (the CLI)
  // 15–30 ms of ICU start-up.
  if (zone === 'UTC') return true;
  // IANA's own spelling of every zone and link (Intl has no list of links), or a zone this
  // runtime's ICU knows by that exact name when it is newer than the list.
  spelled ??= new Set([...IANA_ZONE_NAMES, ...Intl.supportedValuesOf('timeZone')]);
  return spelled.has(zone) && IANAZone.isValidZone(zone);
};

/** A zone name this runtime knows, in any casing: what a stored FirmConfigured may hold (RecordedTimeZone). */
export const isKnownZone = (zone: string): boolean => isValidZone(zone) || IANAZone.isValidZone(zone);

/**
 * A zone known to be valid, for the calendar code: throws on a name the runtime does not know (a
 * recorded re-cased name is known). UTC, whose offset is always 0, is luxon's fixed zone, which
 * asks Intl nothing (see checkZone).
 */
export const zoneNamed = (zone: string): Zone => {
  if (!isKnownZone(zone)) throw new RangeError(`unknown time zone "${zone}": expected an IANA name such as Asia/Shanghai or UTC`);
  return zone === 'UTC' ? FixedOffsetZone.utcInstance : IANAZone.create(zone);
};

export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** UTC midnight of a calendar date; years 0–99 included (Date.UTC would read them as 19xx). */
export const utcMidnight = ({ year, month, day }: CalendarDate): number => {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getTime();
};

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date `YYYY-MM-DD` (2023-02-30 is not one), or undefined. */
export const parseCalendarDate = (text: string): CalendarDate | undefined => {
  const m = DATE_PATTERN.exec(text);
  if (m === null) return undefined;
  const date = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  if (date.month < 1 || date.month > 12 || date.day < 1) return undefined;
  const back = new Date(utcMidnight(date));
  return back.getUTCMonth() === date.month - 1 && back.getUTCDate() === date.day ? date : undefined;
};

/** The calendar date after `date`. */
export const nextDate = (date: CalendarDate): CalendarDate => {
  const next = new Date(utcMidnight(date) + DAY_MS);
  return { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
};

/**
 * Epoch ms of the first moment of a local day: its midnight, or, where a clock change skips
 * midnight (America/Santiago, 2024-09-08) the first moment after the gap, and where midnight
 * happens twice (America/Havana, 2024-11-03) the first time. Not memoised here: callers that
 * repeat (month starts) keep their own cache.
 */
export const localDayStart = (zone: Zone, date: CalendarDate): number => {
  const midnight = utcMidnight(date);
  const day = midnight / DAY_MS;
  const localDay = (t: number): number => Math.floor((t + zone.offset(t) * 60_000) / DAY_MS);
  const isStart = (t: number): boolean => localDay(t) === day && localDay(t - 1) < day;
  // Usual case: midnight exists once, and the offset just before it (first guess) or at it
  // (second guess, for a change that happens earlier that day) places it.
  let guess = midnight - zone.offset(midnight) * 60_000;
  if (isStart(guess)) return guess;
  guess = midnight - zone.offset(guess) * 60_000;
  if (isStart(guess)) return guess;
  // Midnight skipped or repeated: search for the first instant whose local date is `day`. Local
  // dates only move forward, and no zone is more than two days from UTC, so the bounds hold.
  let before = midnight - 2 * DAY_MS;
  let from = midnight + 2 * DAY_MS;
  while (from - before > 1) {
    const middle = Math.floor((before + from) / 2);
    if (localDay(middle) >= day) from = middle;
    else before = middle;
  }
  return from;
};
