// The demo firm's calendar: local days, months and business hours in Asia/Shanghai. Plain integer
// arithmetic on a fixed UTC+8 offset (China has had no daylight saving since 1991), so no clock and
// no time-zone database is consulted.
import { civilFromDays } from '@rapport/core';
import type { Random } from './random.js';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const YEAR = 365 * DAY;

export const TIME_ZONE = 'Asia/Shanghai';
const OFFSET = 8 * HOUR;

/** A local calendar day, counted from 1970-01-01. */
export type Day = number;
/** A local calendar month: year × 12 + (month − 1). */
export type Month = number;

export const dayOf = (year: number, month: number, date: number): Day => Date.UTC(year, month - 1, date) / DAY;

/** The local day holding an instant (epoch milliseconds). */
export const localDay = (instant: number): Day => Math.floor((instant + OFFSET) / DAY);

/** The instant of a local wall-clock time: `minutes` after local midnight of `day`. */
export const instantOf = (day: Day, minutes: number): number => day * DAY + minutes * MINUTE - OFFSET;

export const iso = (instant: number): string => new Date(instant).toISOString();

export const formatDay = (day: Day): string => iso(day * DAY).slice(0, 10);

/** Year, month (1–12) and date of a day (local days are numbered as UTC days are, from the epoch). */
export const civil: (day: Day) => { readonly year: number; readonly month: number; readonly date: number } = civilFromDays;

export const yearOfDay = (day: Day): number => civil(day).year;

export const monthOfDay = (day: Day): Month => {
  const { year, month } = civil(day);
  return year * 12 + month - 1;
};

export const firstDayOfMonth = (month: Month): Day => dayOf(Math.floor(month / 12), (month % 12) + 1, 1);

export const formatMonth = (month: Month): string => `${Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}`;

/** Weekends and the main public holidays (New Year's Day, Labour Day, the National Day week) are off. */
export const isWorkday = (day: Day): boolean => {
  const weekday = (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday; 0 is Sunday
  if (weekday === 0 || weekday === 6) return false;
  const { month, date } = civil(day);
  return !((month === 1 && date === 1) || (month === 5 && date <= 3) || (month === 10 && date <= 7));
};

export const workdayOnOrAfter = (day: Day): Day => {
  let d = day;
  while (!isWorkday(d)) d++;
  return d;
};

export const workdayOnOrBefore = (day: Day): Day => {
  let d = day;
  while (!isWorkday(d)) d--;
  return d;
};

export const addWorkdays = (day: Day, count: number): Day => {
  let d = day;
  for (let i = 0; i < count; i++) d = workdayOnOrAfter(d + 1);
  return d;
};

const OPENS = 9 * 60;
const CLOSES = 18 * 60;

/** A random minute of office hours (09:00–17:49 local) on `day`. */
export const businessInstant = (random: Random, day: Day): number => instantOf(day, random.int(OPENS, CLOSES - 11));

/** `instant` itself when it falls in office hours on a workday, else a morning of the next workday. */
export const businessAtOrAfter = (random: Random, instant: number): number => {
  const day = localDay(instant);
  const minutes = (instant - instantOf(day, 0)) / MINUTE;
  if (isWorkday(day) && minutes >= OPENS && minutes < CLOSES - 10) return instant;
  const next = workdayOnOrAfter(isWorkday(day) && minutes < OPENS ? day : day + 1);
  return instantOf(next, random.int(OPENS, OPENS + 150));
};
