// checkInOrder compares toISOString() text as text and anything else through Date.parse: both
// ways must agree with the instants' order, equal instants in either form included.
import fc from 'fast-check';
import { isLeft } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { checkInOrder } from '../../src/domain/out-of-order.js';

const outOfOrder = (occurredAt: string, last: string | null): boolean => isLeft(checkInOrder('client-C1', occurredAt, last));

describe('checkInOrder', () => {
  it('refuses exactly the instants earlier than the last one, whatever their form', () => {
    const instant = fc.date({ min: new Date('0001-01-01T00:00:00.000Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true });
    const form = fc.constantFrom((d: Date) => d.toISOString(), (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z'));
    fc.assert(
      fc.property(instant, instant, form, form, (a, b, fa, fb) => {
        // Whole seconds when the short form is used, so both forms name the same instant.
        const [x, y] = [fa(a), fb(b)];
        expect(outOfOrder(x, y)).toBe(Date.parse(x) < Date.parse(y));
      }),
      { numRuns: 5000 },
    );
  });

  it('lets equal instants through in either form, and a new stream take any instant', () => {
    expect(outOfOrder('2024-01-01T00:00:00Z', '2024-01-01T00:00:00.000Z')).toBe(false);
    expect(outOfOrder('2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00Z')).toBe(false);
    expect(outOfOrder('2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.001Z')).toBe(true);
    expect(outOfOrder('0001-01-01T00:00:00.000Z', null)).toBe(false);
  });
});
