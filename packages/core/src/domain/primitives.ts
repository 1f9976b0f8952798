// Runtime codecs for the spec's value conventions (SPEC §1). Each codec's `name` is written as the
// rule a user must follow, because InvalidCommand messages quote it.
import * as t from 'io-ts';
import { isKnownZone, isValidZone } from './time/zone.js';

const ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;

export const Id = new t.Type<string, string, unknown>(
  'an id (1 to 64 characters from A-Z a-z 0-9 . _ : -)',
  (u): u is string => typeof u === 'string' && ID_PATTERN.test(u),
  (u, c) => (typeof u === 'string' && ID_PATTERN.test(u) ? t.success(u) : t.failure(u, c)),
  t.identity,
);

export const NonEmptyString = new t.Type<string, string, unknown>(
  'a non-empty string',
  (u): u is string => typeof u === 'string' && u.length > 0,
  (u, c) => (typeof u === 'string' && u.length > 0 ? t.success(u) : t.failure(u, c)),
  t.identity,
);

/**
 * Free text (a summary, a note, an industry): any string, the empty one included. SPEC §1 asks
 * only names and `actor` to be non-empty.
 */
export const Text = new t.Type<string, string, unknown>('a string', (u): u is string => typeof u === 'string', (u, c) => (typeof u === 'string' ? t.success(u) : t.failure(u, c)), t.identity);

const INSTANT_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{3}))?Z$/;

/** Milliseconds since the epoch of a spec instant, or undefined when the text is not one. */
export const parseInstant = (text: string): number | undefined => {
  const m = INSTANT_PATTERN.exec(text);
  if (m === null) return undefined;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [
    number, number, number, number, number, number,
  ];
  const ms = m[7] === undefined ? 0 : Number(m[7]);
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return undefined;
  // Date.UTC maps years 0–99 to 19xx, so set the full year explicitly.
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, ms);
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined;
  return date.getTime();
};

/** An input instant; decodes to the `toISOString()` form every stored event uses. */
export const Instant = new t.Type<string, string, unknown>(
  'an instant YYYY-MM-DDTHH:MM:SSZ or YYYY-MM-DDTHH:MM:SS.mmmZ (a real UTC date and time)',
  (u): u is string => typeof u === 'string' && parseInstant(u) !== undefined,
  (u, c) => {
    if (typeof u !== 'string') return t.failure(u, c);
    const ms = parseInstant(u);
    return ms === undefined ? t.failure(u, c) : t.success(new Date(ms).toISOString());
  },
  t.identity,
);

const integer = (name: string, min: number, max: number = Number.MAX_SAFE_INTEGER) =>
  new t.Type<number, number, unknown>(
    name,
    (u): u is number => typeof u === 'number' && Number.isSafeInteger(u) && u >= min && u <= max,
    (u, c) =>
      typeof u === 'number' && Number.isSafeInteger(u) && u >= min && u <= max ? t.success(u) : t.failure(u, c),
    t.identity,
  );

export const Count = integer('a safe integer ≥ 0', 0);
/** Money in minor units of the firm's currency: never a float. */
export const Money = integer('money: a safe integer of minor units ≥ 0', 0);
export const PositiveMoney = integer('money: a safe integer of minor units ≥ 1', 1);
export const Year = integer('a year: an integer from 2000 to 2100', 2000, 2100);
export const Lifetime = integer('a lifetime number: an integer ≥ 1', 1);

const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;
export const Month = new t.Type<string, string, unknown>(
  'a month YYYY-MM',
  (u): u is string => typeof u === 'string' && MONTH_PATTERN.test(u),
  (u, c) => (typeof u === 'string' && MONTH_PATTERN.test(u) ? t.success(u) : t.failure(u, c)),
  t.identity,
);

export const oneOf = <const V extends readonly [string, string, ...string[]]>(values: V) =>
  t.keyof(
    Object.fromEntries(values.map((v) => [v, null])) as { [K in V[number]]: null },
    `one of ${values.map((v) => `"${v}"`).join(', ')}`,
  );

/**
 * An optional command field: `null` counts as absent (SPEC §1), so it decodes to undefined and the
 * static type never carries null. It keeps its inner codec so the fast command check
 * (fast-command.ts) can be derived from the same definition.
 */
export class OptionalType<C extends t.Mixed> extends t.Type<t.TypeOf<C> | undefined, t.OutputOf<C> | undefined, unknown> {
  readonly _tag = 'OptionalType' as const;
  constructor(readonly inner: C) {
    super(
      inner.name,
      (u): u is t.TypeOf<C> | undefined => u === undefined || inner.is(u),
      (u, c) => (u === undefined || u === null ? t.success(undefined) : inner.validate(u, c)),
      (a) => (a === undefined ? undefined : inner.encode(a)),
    );
  }
}

export const optional = <C extends t.Mixed>(codec: C): OptionalType<C> => new OptionalType(codec);

/** An IANA time-zone name as IANA writes it (SPEC §4): `Asia/Shanghai`, `UTC`. */
export const TimeZone = new t.Type<string, string, unknown>(
  'an IANA time zone name such as Asia/Shanghai',
  (u): u is string => typeof u === 'string' && isValidZone(u),
  (u, c) => (typeof u === 'string' && isValidZone(u) ? t.success(u) : t.failure(u, c)),
  t.identity,
);

/**
 * A time-zone name as a stored FirmConfigured holds it: any name the runtime knows, in any
 * casing. Commands take only IANA's spelling (TimeZone), but versions before 2026-12 let re-cased
 * links through (`US/EASTERN`), and such a fact, once recorded, must still be read.
 */
export const RecordedTimeZone = new t.Type<string, string, unknown>(
  'a time zone name',
  (u): u is string => typeof u === 'string' && isKnownZone(u),
  (u, c) => (typeof u === 'string' && isKnownZone(u) ? t.success(u) : t.failure(u, c)),
  t.identity,
);
