// What every part of the simulation shares: the history's bounds, the team, and the tallies that
// later parts (visit plans, annual plans, routine contacts) read from the clients' lives.
import { instantOf, localDay, monthOfDay, yearOfDay, type Day, type Month } from './calendar.js';
import type { Salesperson } from './roster.js';

/** A command before it has a commandId and a recordedAt. */
export interface Draft {
  /** occurredAt, epoch milliseconds. */
  readonly at: number;
  readonly type: string;
  readonly actor: string;
  readonly fields: Readonly<Record<string, unknown>>;
  /** A salesperson the command names, whose registration must be entered before it. */
  readonly names?: string;
}

/** A stretch of time in which a salesperson looks after a client (a prospect being pursued, an engaged client). */
export interface Segment {
  readonly client: number;
  readonly from: number;
  readonly to: number;
  readonly key: boolean;
}

export interface World {
  readonly startDay: Day;
  readonly endDay: Day;
  /** occurredAt of the first command. */
  readonly start: number;
  /** No command occurs after this instant (the close of business on the last day). */
  readonly end: number;
  readonly firstMonth: Month;
  readonly months: number;
  readonly firstYear: number;
  readonly calendarYears: number;
  readonly roster: readonly Salesperson[];
  /** Visits the clients' own stories already hold, per salesperson and month (index `cell`). */
  readonly visits: Int32Array;
  /** Per salesperson and month: what they look after then, for routine contacts. */
  readonly portfolio: Segment[][];
  /** Acquisitions of new (not pre-existing) clients per salesperson and year (index `yearCell`). */
  readonly acquisitions: Float64Array;
  /** Fees per salesperson and year, the pre-existing clients' first engagements left out. */
  readonly business: Float64Array;
}

export const createWorld = (startDay: Day, endDay: Day, roster: readonly Salesperson[]): World => {
  const firstMonth = monthOfDay(startDay);
  const months = monthOfDay(endDay) - firstMonth + 1;
  const firstYear = yearOfDay(startDay);
  const calendarYears = yearOfDay(endDay) - firstYear + 1;
  return {
    startDay,
    endDay,
    start: instantOf(startDay, 8 * 60 + 30),
    end: instantOf(endDay, 18 * 60),
    firstMonth,
    months,
    firstYear,
    calendarYears,
    roster,
    visits: new Int32Array(roster.length * months),
    portfolio: Array.from({ length: roster.length * months }, () => []),
    acquisitions: new Float64Array(roster.length * calendarYears),
    business: new Float64Array(roster.length * calendarYears),
  };
};

/** Index of (salesperson, month) in the per-month tallies. */
export const cell = (world: World, salesperson: Salesperson, instant: number): number =>
  salesperson.index * world.months + (monthOfDay(localDay(instant)) - world.firstMonth);

/** Index of (salesperson, calendar year) in the per-year tallies. */
export const yearCell = (world: World, salesperson: Salesperson, instant: number): number =>
  salesperson.index * world.calendarYears + (yearOfDay(localDay(instant)) - world.firstYear);

/** Adds to a tally cell (typed-array reads are `number | undefined` under noUncheckedIndexedAccess). */
export const bump = (tally: Int32Array | Float64Array, index: number, by: number): void => {
  tally[index] = (tally[index] ?? 0) + by;
};
