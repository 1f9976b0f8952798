// Instants as `Date.prototype.toISOString` prints them, without a Date per call. Reports print one
// or more instants per client row, and at 10,000 clients `new Date(ms).toISOString()` was the
// largest single cost of the lifecycle report (bench W4's profile).
import { DAY_MS, civilFromDays } from './civil.js';

/** 0000-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z: the years printed with four digits. */
const FIRST = -62_167_219_200_000;
const LAST = 253_402_300_799_999;

/** Character codes: '0', '-', 'T', ':', '.', 'Z'. */
const ZERO = 48;
const DASH = 45;
const T = 84;
const COLON = 58;
const DOT = 46;
const Z = 90;

/** `new Date(ms).toISOString()`, the same string for every instant (outside years 0–9999 it is that call). */
export const isoInstant = (ms: number): string => {
  if (!Number.isInteger(ms) || ms < FIRST || ms > LAST) return new Date(ms).toISOString();
  const days = Math.floor(ms / DAY_MS);
  let rest = ms - days * DAY_MS;
  const { year, month, date: day } = civilFromDays(days);
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const milli = rest - seconds * 1000;
  // One flat string from its 24 characters: a template of padded parts allocated a string per part
  // and a tree of concatenations, which a report printing an instant per client paid in garbage.
  return String.fromCharCode(
    ZERO + Math.floor(year / 1000), ZERO + (Math.floor(year / 100) % 10), ZERO + (Math.floor(year / 10) % 10), ZERO + (year % 10), DASH,
    ZERO + Math.floor(month / 10), ZERO + (month % 10), DASH,
    ZERO + Math.floor(day / 10), ZERO + (day % 10), T,
    ZERO + Math.floor(hours / 10), ZERO + (hours % 10), COLON,
    ZERO + Math.floor(minutes / 10), ZERO + (minutes % 10), COLON,
    ZERO + Math.floor(seconds / 10), ZERO + (seconds % 10), DOT,
    ZERO + Math.floor(milli / 100), ZERO + (Math.floor(milli / 10) % 10), ZERO + (milli % 10), Z,
  );
};

/** The UTC calendar day of an instant, `YYYY-MM-DD` (as `toISOString().slice(0, 10)`). */
export const isoDay = (ms: number): string => isoInstant(ms).slice(0, 10);

/**
 * `date.toISOString()` (by default `new Date(ms)`'s) for the millisecond `ms`, written once per
 * millisecond: the command path and the memory store ask for the same instant many times in one.
 */
export const isoTextPerMs = (): ((ms: number, date?: Date) => string) => {
  let lastMs = Number.NaN;
  let lastText = '';
  return (ms, date) => {
    if (ms !== lastMs) {
      lastText = (date ?? new Date(ms)).toISOString();
      lastMs = ms;
    }
    return lastText;
  };
};
