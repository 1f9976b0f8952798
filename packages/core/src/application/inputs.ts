// Report inputs as an embedding developer or the CLI gives them: text in the firm's zone, or values.
import { isLeft } from 'fp-ts/lib/Either.js';
import type { DomainErrorCode } from '../domain/errors.js';
import { Month } from '../domain/primitives.js';
import { parseAsOf, parsePeriod, type Period } from '../domain/time/period.js';
import { showValue } from '../domain/show-value.js';

/**
 * A report input that is not one of the accepted forms (the CLI's exit code 2). The message is
 * `option: reason`, naming inputs by the library's fields; a CLI names them by its options from
 * `option` and `reason`.
 */
export class InvalidReportInput extends Error {
  override readonly name = 'InvalidReportInput';
  /** What is wrong, without the input's name in front. */
  readonly reason: string;
  constructor(
    readonly option: string,
    reason: string,
  ) {
    // A reason written as a sentence about the input (`catchUp: never answers …`) names it once.
    const bare = reason.startsWith(`${option}: `) ? reason.slice(option.length + 2) : reason;
    super(`${option}: ${bare}`);
    this.reason = bare;
  }
}

/** A report that cannot be answered for a reason of the domain: an unknown client (CLI exit 1). */
export class ReportError extends Error {
  override readonly name = 'ReportError';
  constructor(
    readonly code: DomainErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** An instant as text (an instant, or a date meaning the end of that local day), a Date, or epoch ms. */
export type InstantInput = string | Date | number;

/** The greatest epoch milliseconds a Date can hold (±8.64e15). */
const MAX_INSTANT_MS = 8.64e15;

export const instantOf = (option: string, input: InstantInput, zone: string): number => {
  const ms = input instanceof Date ? input.getTime() : typeof input === 'number' ? input : undefined;
  if (ms !== undefined) {
    if (!Number.isFinite(ms) || Math.abs(ms) > MAX_INSTANT_MS) throw new InvalidReportInput(option, `not an instant: ${input instanceof Date ? 'an invalid Date' : String(input)}`);
    return ms;
  }
  if (typeof input !== 'string') throw new InvalidReportInput(option, `expected a date, an instant, a Date or epoch milliseconds, got ${showValue(input)}`);
  const parsed = parseAsOf(input, zone);
  if (isLeft(parsed)) throw new InvalidReportInput(option, parsed.left);
  return parsed.right;
};

export const periodOf = (input: string | Period, zone: string): Period => {
  if (typeof input !== 'string') {
    // A Period built by hand must be one parsePeriod could have given: a label, and start before end.
    const { label, start, end } = (typeof input === 'object' && input !== null ? input : {}) as Partial<Period>;
    if (typeof label !== 'string' || !isInstantMs(start) || !isInstantMs(end) || start >= end) {
      throw new InvalidReportInput('period', `expected a period string or {label, start, end} with start < end in epoch milliseconds, got ${showValue(input)}`);
    }
    return { label, start, end };
  }
  const parsed = parsePeriod(input, zone);
  if (isLeft(parsed)) throw new InvalidReportInput('period', parsed.left);
  return parsed.right;
};

export const monthOf = (option: string, input: string | undefined): string | undefined => {
  if (input === undefined) return undefined;
  if (!Month.is(input)) throw new InvalidReportInput(option, `expected a month YYYY-MM, got ${JSON.stringify(input)}`);
  return input;
};

export const countOf = (option: string, input: number | undefined, min: number): number | undefined => {
  if (input === undefined) return undefined;
  if (!Number.isSafeInteger(input) || input < min) {
    throw new InvalidReportInput(option, `expected an integer ≥ ${min}, got ${showValue(input)}`);
  }
  return input;
};

const isInstantMs = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= MAX_INSTANT_MS;
