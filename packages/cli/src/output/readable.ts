// How numbers read in tables (never in JSON or CSV, which stay exactly as SPEC says): money with
// thousands separators and two decimals, rates as percentages, instants in the firm's zone with
// its offset. Which key holds which kind of number is declared once, here.

/** Keys whose values are money in minor units (fen, cents); a win-back score is an amount too (lifetimeValue × w × decay). */
const MONEY_KEYS = new Set([
  'lifetimeValue', 'revenue12m', 'totalRevenue12m', 'newBusiness', 'newBusinessTarget', 'fee', 'keyAccountThreshold', 'score',
]);

/** Keys whose values are ratios shown as percentages. */
const RATE_KEYS = new Set([
  'attritionRate', 'controllableAttritionRate', 'visitPlanCompletion', 'newClientsAttainment', 'newBusinessAttainment',
  'share', 'cumulativeShare',
]);

/** Keys whose values are instants (toISOString text). */
const INSTANT_KEYS = new Set(['asOf', 'knownAt', 'start', 'end', 'stageSince', 'churnedAt', 'occurredAt', 'recordedAt', 'filedAt', 'resolvedAt']);

/**
 * Minor units as 113,000.00, by integer arithmetic: a total past 2^53 shows the float's exact digits
 * (never 1e+21), and a derived amount with a fraction of a minor unit (a prorated target) is rounded
 * to the nearest one first, halves away from zero (83333.3333 → 833.33).
 */
export const formatMoney = (minor: number): string => {
  if (!Number.isFinite(minor)) return String(minor);
  const whole = BigInt(Math.sign(minor) * Math.round(Math.abs(minor)));
  const sign = whole < 0n ? '-' : '';
  const digits = (whole < 0n ? -whole : whole).toString().padStart(3, '0');
  const units = digits.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${units}.${digits.slice(-2)}`;
};

/** 0.0259 as 2.6%; one decimal unless the value needs none. */
export const formatRate = (ratio: number): string => `${Number((ratio * 100).toFixed(1))}%`;

const two = (n: number): string => String(n).padStart(2, '0');

/** +08:00; a local mean time's seconds too (Asia/Shanghai before 1901: +08:05:43), so the clock and its offset agree. */
const offsetText = (seconds: number): string => {
  const abs = Math.abs(seconds);
  const rest = abs % 60;
  return `${seconds < 0 ? '-' : '+'}${two(Math.floor(abs / 3600))}:${two(Math.floor(abs / 60) % 60)}${rest === 0 ? '' : `:${two(rest)}`}`;
};

/** A year as ISO 8601 writes it: four digits (0050), more only when needed, a sign before the year 0. */
const yearText = (year: number): string => (year < 0 ? `-${String(-year).padStart(6, '0')}` : String(year).padStart(4, '0'));

const wallClocks = new Map<string, Intl.DateTimeFormat>();

/**
 * Seconds `zone` is ahead of UTC at the whole second `second` (epoch ms). Intl gives the zone's wall
 * clock with an era (its year 1 BC is year 0) and Date.UTC would read years 0–99 as 19xx, so the
 * wall clock is placed with setUTCFullYear, as core's calendar code does.
 */
const offsetSeconds = (second: number, zone: string): number => {
  if (zone === 'UTC') return 0;
  let clock = wallClocks.get(zone);
  if (clock === undefined) {
    clock = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', era: 'short', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    wallClocks.set(zone, clock);
  }
  const parts = Object.fromEntries(clock.formatToParts(new Date(second)).map((p) => [p.type, p.value]));
  const year = Number(parts.year);
  const wall = new Date(0);
  wall.setUTCFullYear(parts.era === 'BC' || parts.era === 'B' ? 1 - year : year, Number(parts.month) - 1, Number(parts.day));
  wall.setUTCHours(Number(parts.hour), Number(parts.minute), Number(parts.second));
  return Math.round((wall.getTime() - second) / 1000);
};

/** An instant as the firm reads it: `2026-11-13 23:59:59.999 +08:00` in `zone`, for any year a Date holds. */
export const formatInstant = (iso: string, zone: string): string => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const millis = ((ms % 1000) + 1000) % 1000;
  const offset = offsetSeconds(ms - millis, zone);
  // The wall clock read off a Date shifted by the offset: its UTC fields are the zone's local ones.
  const local = new Date(ms + offset * 1000);
  const date = `${yearText(local.getUTCFullYear())}-${two(local.getUTCMonth() + 1)}-${two(local.getUTCDate())}`;
  const time = `${two(local.getUTCHours())}:${two(local.getUTCMinutes())}:${two(local.getUTCSeconds())}`;
  const fraction = millis === 0 ? '' : `.${String(millis).padStart(3, '0')}`;
  return `${date} ${time}${fraction} ${offsetText(offset)}`;
};

/** A cell as a table shows it, by the kind of number its key holds. */
export const readableValue = (key: string, value: unknown, zone: string): unknown => {
  const name = key.slice(key.lastIndexOf('.') + 1);
  if (typeof value === 'number' && Number.isFinite(value)) {
    if (MONEY_KEYS.has(name)) return formatMoney(value);
    if (RATE_KEYS.has(name)) return formatRate(value);
    if (!Number.isInteger(value)) return Number(value.toFixed(4));
    return value;
  }
  if (typeof value === 'string' && INSTANT_KEYS.has(name)) return formatInstant(value, zone);
  return value;
};
