// Instants laid out as `toISOString()` writes years 0000–9999 (what every decoded command and stored
// event carries): for such text, text order is time order, so comparing two needs no Date.parse.
import { DAY_MS, daysFromCivil } from './civil.js';

/** `YYYY-MM-DDTHH:MM:SS.sssZ` with a four-digit year (the layout; a decoded instant has digits). */
export const isIsoText = (text: string): boolean =>
  text.length === 24 && text[4] === '-' && text[7] === '-' && text[10] === 'T' && text[13] === ':' && text[16] === ':' && text[19] === '.' && text[23] === 'Z';

/** `Date.parse(a) < Date.parse(b)`, by text where both are in the toISOString layout. */
export const isEarlier = (a: string, b: string): boolean => (isIsoText(a) && isIsoText(b) ? a < b : Date.parse(a) < Date.parse(b));

// Reading the fields of such text by hand, for the command check and the rebuild's instants.

/**
 * The digit at `i`, or a number negative enough that every field read through it comes out
 * negative, however large its other digits (a year is 100 × one pair plus another; at -1,000 a
 * bad fourth digit in 2000 still left a year of 1000), so callers reject a field with `< 0`.
 */
export const digitAt = (text: string, i: number): number => {
  const c = text.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -100_000;
};

/** The two digits at `i` as a number; negative unless both are digits (see digitAt). */
export const twoDigitsAt = (text: string, i: number): number => digitAt(text, i) * 10 + digitAt(text, i + 1);

/** Days in a month (1–12) of a proleptic Gregorian year. */
const daysInMonth = (year: number, month: number): number =>
  month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;

/**
 * Epoch milliseconds of the date and time an instant-shaped text spells at its fixed places
 * (`YYYY-MM-DDTHH:MM:SS`; separators and milliseconds are the caller's to check), or NaN when a
 * field is not all digits or lies outside its range (month 1–12, a day the month has, hour 0–23,
 * minute and second 0–59). The command check and the rebuild's instant reader share it.
 */
export const isoSecondsMs = (text: string): number => {
  const year = twoDigitsAt(text, 0) * 100 + twoDigitsAt(text, 2);
  const month = twoDigitsAt(text, 5);
  const day = twoDigitsAt(text, 8);
  const hour = twoDigitsAt(text, 11);
  const minute = twoDigitsAt(text, 14);
  const second = twoDigitsAt(text, 17);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
    return Number.NaN;
  }
  return daysFromCivil(year, month, day) * DAY_MS + hour * 3_600_000 + minute * 60_000 + second * 1000;
};
