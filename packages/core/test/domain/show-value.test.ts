// How a message quotes the value it refuses (domain/show-value.ts): never as something else.
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/domain/parse-command.js';
import { showValue } from '../../src/domain/show-value.js';

describe('showValue', () => {
  it('quotes strings, writes numbers, names a Date, a BigInt, Infinity and boxed primitives as what they are', () => {
    expect(showValue('3')).toBe('"3"');
    expect(showValue(3)).toBe('3');
    expect(showValue(Number.POSITIVE_INFINITY)).toBe('Infinity');
    expect(showValue(Number.NaN)).toBe('NaN');
    expect(showValue(5n)).toBe('5n');
    expect(showValue(new Number(5))).toBe('a Number object (5)');
    expect(showValue(new String('5'))).toBe('a String object ("5")');
    expect(showValue(new Date(0))).toMatch(/^a Date \(/);
    expect(showValue('x'.repeat(100))).toHaveLength(60);
  });

  it('so a refused fee of Infinity is not blamed on a null nobody sent', () => {
    const parsed = parseCommand({ type: 'RecordEngagement', clientId: 'c-1', engagementId: 'e-1', fee: Number.POSITIVE_INFINITY });
    expect(parsed).toMatchObject({ left: { code: 'InvalidCommand', field: 'fee', message: expect.stringMatching(/, got Infinity$/) as string } });
  });
});
