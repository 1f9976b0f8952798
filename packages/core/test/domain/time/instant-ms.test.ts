// instantMs is Date.parse, for the toISOString form it computes itself and for everything else.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instantMs } from '../../../src/domain/time/instant-ms.js';
import { instantShapedText, isoInstantText } from '../support/instant-text.js';

const sameAsDateParse = (text: string): void => {
  expect(Object.is(instantMs(text), Date.parse(text)), text).toBe(true);
};

describe('instantMs', () => {
  it('is Date.parse for every instant printed by toISOString', () => {
    fc.assert(fc.property(isoInstantText, sameAsDateParse), { numRuns: 5000 });
  });

  it('is Date.parse for text of that shape with any field out of range, and for any other text', () => {
    fc.assert(fc.property(instantShapedText, sameAsDateParse), { numRuns: 5000 });
    fc.assert(fc.property(fc.string({ maxLength: 30 }), sameAsDateParse), { numRuns: 2000 });
    for (const text of ['2024-02-29T00:00:00.000Z', '2023-02-29T00:00:00.000Z', '1900-02-29T00:00:00.000Z', '2000-02-29T23:59:59.999Z', '2024-1a-01T00:00:00.000Z', '-000001-01-01T00:00:00.000Z', '2024-03-01T09:30:00Z']) {
      sameAsDateParse(text);
    }
  });
});
