// The options the report commands share, declared once so that each name means the same option in
// every command. Periods and instants are read in the firm's zone, which only the store knows, so
// the library parses them (once); here only what needs no zone is checked: presence, counts, months.
import { Month } from '@rapport/core';
import type { OptionSpecs } from '../config/options.js';
import { UsageError } from '../exit-codes.js';

const INSTANT_OR_DATE = 'an instant (2024-03-01T09:30:00Z or 2024-03-01T17:30:00+08:00) or a date YYYY-MM-DD';
const INSTANT_FORMS = `${INSTANT_OR_DATE}, meaning the end of that day in the firm's zone`;
/**
 * A known-at date ends by the firm's zone as recorded then, not today's (SPEC §4; the rule is
 * core's application/known-at.ts): the report then runs in the zone recorded by that instant.
 */
const KNOWN_AT_FORMS =
  `${INSTANT_OR_DATE}, meaning the end of that day in the firm's zone as recorded then: without --tz, ` +
  'one millisecond before the first moment whose date, read in the zone recorded by that moment (UTC before any), is after that day';
export const PERIOD_FORMS = '2024 (year), 2024-Q1 (quarter), 2024-03 (month) or 2024-01-15..2024-02-15 (days, end exclusive)';

export const AS_OF_OPTION = {
  'as-of': { type: 'string', valueName: 'T', description: `what was true at T: ${INSTANT_FORMS} (default now)` },
} as const satisfies OptionSpecs;

export const KNOWN_AT_OPTION = {
  'known-at': {
    type: 'string',
    valueName: 'T',
    description: `only the events recorded at or before T (what the firm knew then): ${KNOWN_AT_FORMS}`,
  },
} as const satisfies OptionSpecs;

export const PERIOD_OPTION = {
  period: { type: 'string', valueName: 'P', description: `the period, in the firm's zone (required): ${PERIOD_FORMS}` },
} as const satisfies OptionSpecs;

/** The required --period, as text for the library to read in the firm's zone. */
export const periodOption = (command: string, text: string | undefined): string => {
  if (text === undefined) throw new UsageError(`${command} needs --period P: ${PERIOD_FORMS}`);
  return text;
};

/** --from and --to in order: an empty range is a mistake, not an empty report. */
export const monthRange = (from: string | undefined, to: string | undefined): void => {
  if (from !== undefined && to !== undefined && from > to) throw new UsageError(`--from ${from} is after --to ${to}: no month lies between them`);
};

/** A --from / --to month, checked. */
export const monthOption = (option: string, text: string | undefined): string | undefined => {
  if (text === undefined || Month.is(text)) return text;
  throw new UsageError(`${option}: expected a month YYYY-MM, got ${JSON.stringify(text)}`);
};

/**
 * A count such as --limit: a non-negative number written as JSON writes one, whose value is a safe
 * integer. SPEC §1 reads `1e6` in a command as the integer 1000000, so an option given the same
 * text means the same number (a threshold in minor units is easier to type that way).
 */
export const countOption = (option: string, text: string | undefined): number | undefined => {
  if (text === undefined) return undefined;
  const value = /^[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value)) throw new UsageError(`${option}: expected an integer ≥ 0, got ${JSON.stringify(text)}`);
  return value;
};
