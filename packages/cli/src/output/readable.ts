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

const offsetText = (minutes: number): string => {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
};

/** An instant as the firm reads it: `2026-11-13 23:59:59.999 +08:00` in `zone`. */
export const formatInstant = (iso: string, zone: string): string => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    }).formatToParts(new Date(ms)).map((p) => [p.type, p.value]),
  );
  const local = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  const offset = Math.round((local - (ms - (ms % 1000 + 1000) % 1000)) / 60_000);
  const millis = String(((ms % 1000) + 1000) % 1000).padStart(3, '0');
  const fraction = millis === '000' ? '' : `.${millis}`;
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}${fraction} ${offsetText(offset)}`;
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
