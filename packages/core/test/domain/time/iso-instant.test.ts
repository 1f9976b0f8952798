import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoDay, isoInstant, isoTextPerMs } from '../../../src/domain/time/iso-instant.js';

const FIRST = Date.parse('0000-01-01T00:00:00.000Z');

describe('isoInstant', () => {
  it('prints what toISOString prints across years 0000 to 9999', () => {
    fc.assert(
      fc.property(fc.integer({ min: -62_167_219_200_000, max: 253_402_300_799_999 }), (ms) => {
        expect(isoInstant(ms)).toBe(new Date(ms).toISOString());
        expect(isoDay(ms)).toBe(new Date(ms).toISOString().slice(0, 10));
      }),
      { numRuns: 20_000 },
    );
  });

  it('is exact at the edges: leap days, century rules, the first and last instants, the epoch', () => {
    const cases = [
      0, -1, 1, FIRST, -62_167_219_200_000, -62_167_219_200_001, 253_402_300_799_999, 253_402_300_800_000,
      Date.UTC(2000, 1, 29, 23, 59, 59, 999), Date.UTC(1900, 1, 28), Date.UTC(1900, 2, 1), Date.UTC(2100, 1, 28, 12),
      Date.UTC(2024, 11, 31, 23, 59, 59, 999), Date.UTC(1969, 11, 31, 23, 59, 59, 999), Date.UTC(4, 1, 29), 8.64e15, -8.64e15,
    ];
    for (const ms of cases) expect(isoInstant(ms)).toBe(new Date(ms).toISOString());
  });

  it('leaves what toISOString refuses to it, so the same RangeError is thrown', () => {
    expect(() => isoInstant(Number.NaN)).toThrow(RangeError);
    expect(() => isoInstant(8.64e15 + 1)).toThrow(RangeError);
    expect(isoInstant(1.5)).toBe(new Date(1.5).toISOString());
  });
});

describe('isoTextPerMs', () => {
  it("is toISOString of the millisecond asked for, of the caller's Date when given one", () => {
    const text = isoTextPerMs();
    const ms = Date.UTC(2024, 1, 29, 23, 59, 59, 999);
    expect(text(ms)).toBe('2024-02-29T23:59:59.999Z');
    expect(text(ms)).toBe('2024-02-29T23:59:59.999Z');
    expect(text(ms + 1)).toBe('2024-03-01T00:00:00.000Z');
    expect(text(0, new Date(0))).toBe('1970-01-01T00:00:00.000Z');
    // An invalid Date throws as toISOString does, instead of answering the last text.
    expect(() => text(Number.NaN, new Date(Number.NaN))).toThrow(RangeError);
  });
});
