// The options the report commands share, declared once so that each name means the same option in
// every command, and their values checked before any store is opened: a mistyped period is a usage
// error (exit 2) that creates no file. The library parses the same text again with the same rules.
import { isLeft } from 'fp-ts/lib/Either.js';
import { Month, parseAsOf, parsePeriod } from '@rapport/core';
import type { OptionSpecs } from '../config/options.js';
import { UsageError } from '../exit-codes.js';

const INSTANT_FORMS = 'an instant (2024-03-01T09:30:00Z) or a date YYYY-MM-DD, meaning the end of that day in the firm\'s zone';
export const PERIOD_FORMS = '2024 (year), 2024-Q1 (quarter), 2024-03 (month) or 2024-01-15..2024-02-15 (days, end exclusive)';

export const AS_OF_OPTION = {
  'as-of': { type: 'string', valueName: 'T', description: `what was true at T: ${INSTANT_FORMS} (default now)` },
} as const satisfies OptionSpecs;

export const KNOWN_AT_OPTION = {
  'known-at': {
    type: 'string',
    valueName: 'T',
    description: `only the events recorded at or before T (what the firm knew then): ${INSTANT_FORMS}`,
  },
} as const satisfies OptionSpecs;

export const PERIOD_OPTION = {
  period: { type: 'string', valueName: 'P', description: `the period, in the firm's zone (required): ${PERIOD_FORMS}` },
} as const satisfies OptionSpecs;

/** An --as-of or --known-at value, checked; undefined when not given. */
export const instantOption = (option: string, text: string | undefined, zone: string): string | undefined => {
  if (text === undefined) return undefined;
  const parsed = parseAsOf(text, zone);
  if (isLeft(parsed)) throw new UsageError(`${option}: ${parsed.left}`);
  return text;
};

/** The required --period, checked. */
export const periodOption = (command: string, text: string | undefined, zone: string): string => {
  if (text === undefined) throw new UsageError(`${command} needs --period P: ${PERIOD_FORMS}`);
  const parsed = parsePeriod(text, zone);
  if (isLeft(parsed)) throw new UsageError(`--period: ${parsed.left}`);
  return text;
};

/** A --from / --to month, checked. */
export const monthOption = (option: string, text: string | undefined): string | undefined => {
  if (text === undefined || Month.is(text)) return text;
  throw new UsageError(`${option}: expected a month YYYY-MM, got ${JSON.stringify(text)}`);
};

/** A count such as --limit: decimal digits only, a safe integer. */
export const countOption = (option: string, text: string | undefined): number | undefined => {
  if (text === undefined) return undefined;
  const value = /^[0-9]+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value)) throw new UsageError(`${option}: expected an integer ≥ 0, got ${JSON.stringify(text)}`);
  return value;
};
