// Instant-shaped text for the property tests of the hand-written instant readers (the command
// check's fastInstant, the rebuild's instantMs): fields out of range now and then, the odd wrong
// separator, zone or millisecond form, and now and then one character replaced by a non-digit,
// which is what a reader of digits by hand gets wrong (200a-01-01… once passed for the year 1000).
import fc from 'fast-check';

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

const shaped = fc
  .tuple(
    fc.integer({ min: 0, max: 9999 }),
    fc.integer({ min: 0, max: 13 }),
    fc.integer({ min: 0, max: 32 }),
    fc.integer({ min: 0, max: 25 }),
    fc.integer({ min: 0, max: 61 }),
    fc.integer({ min: 0, max: 61 }),
    fc.option(fc.integer({ min: 0, max: 999 })),
    fc.constantFrom('Z', 'Z', 'Z', 'z', '+', '+00:00', ''),
    fc.constantFrom('T', 'T', 'T', ' ', 't'),
    fc.constantFrom('.', '.', '.', ','),
  )
  .map(
    ([y, mo, d, h, mi, s, ms, zone, sep, dot]) =>
      `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}${sep}${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}${ms === null ? '' : `${dot}${pad(ms, 3)}`}${zone}`,
  );

/** One character of `text` replaced by something that is not a digit. */
const withOneNonDigit = (text: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc
    .tuple(text, fc.nat(), fc.constantFrom('a', 'O', ' ', '/', ':', '-', '+', '٣', '２'))
    .map(([t, at, c]) => {
      const i = at % t.length;
      return t.slice(0, i) + c + t.slice(i + 1);
    });

/** Real instants in the toISOString form, years 0000–9999. */
export const isoInstantText = fc
  .date({ min: new Date('0000-01-01T00:00:00.000Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true })
  .map((d) => d.toISOString());

/** Instant-shaped text of every kind above, valid or not. */
export const instantShapedText = fc.oneof(shaped, withOneNonDigit(shaped), withOneNonDigit(isoInstantText));
