// instantMs is Date.parse, for the toISOString form it computes itself and for everything else.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instantMs } from '../../../src/domain/time/instant-ms.js';

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** toISOString-shaped text, fields out of range now and then, the odd wrong separator or digit. */
const shaped = fc
  .tuple(
    fc.integer({ min: 0, max: 9999 }),
    fc.integer({ min: 0, max: 13 }),
    fc.integer({ min: 0, max: 32 }),
    fc.integer({ min: 0, max: 25 }),
    fc.integer({ min: 0, max: 61 }),
    fc.integer({ min: 0, max: 61 }),
    fc.integer({ min: 0, max: 999 }),
    fc.constantFrom('Z', 'Z', 'Z', 'z', '+'),
    fc.constantFrom('T', 'T', 'T', ' ', 't'),
    fc.constantFrom('.', '.', '.', ','),
  )
  .map(([y, mo, d, h, mi, s, ms, zone, sep, dot]) => `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}${sep}${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}${dot}${pad(ms, 3)}${zone}`);

const real = fc.date({ min: new Date('0000-01-01T00:00:00.000Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true }).map((d) => d.toISOString());

const sameAsDateParse = (text: string): void => {
  expect(Object.is(instantMs(text), Date.parse(text)), text).toBe(true);
};

describe('instantMs', () => {
  it('is Date.parse for every instant printed by toISOString', () => {
    fc.assert(fc.property(real, sameAsDateParse), { numRuns: 5000 });
  });

  it('is Date.parse for text of that shape with any field out of range, and for any other text', () => {
    fc.assert(fc.property(shaped, sameAsDateParse), { numRuns: 5000 });
    fc.assert(fc.property(fc.string({ maxLength: 30 }), sameAsDateParse), { numRuns: 2000 });
    for (const text of ['2024-02-29T00:00:00.000Z', '2023-02-29T00:00:00.000Z', '1900-02-29T00:00:00.000Z', '2000-02-29T23:59:59.999Z', '2024-1a-01T00:00:00.000Z', '-000001-01-01T00:00:00.000Z', '2024-03-01T09:30:00Z']) {
      sameAsDateParse(text);
    }
  });
});
