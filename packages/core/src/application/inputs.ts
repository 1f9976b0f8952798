// Report inputs as an embedding developer or the CLI gives them: text in the firm's zone, or values.
import { isLeft } from 'fp-ts/lib/Either.js';
import type { DomainErrorCode } from '../domain/errors.js';
import { Month } from '../domain/primitives.js';
import { parseAsOf, parsePeriod, type Period } from '../domain/time/period.js';

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

export const instantOf = (option: string, input: InstantInput, zone: string): number => {
  if (input instanceof Date) return input.getTime();
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) throw new InvalidReportInput(option, `not an instant: ${input}`);
    return input;
  }
  const parsed = parseAsOf(input, zone);
  if (isLeft(parsed)) throw new InvalidReportInput(option, parsed.left);
  return parsed.right;
};

export const periodOf = (input: string | Period, zone: string): Period => {
  if (typeof input !== 'string') return input;
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
    throw new InvalidReportInput(option, `expected an integer ≥ ${min}, got ${input}`);
  }
  return input;
};
