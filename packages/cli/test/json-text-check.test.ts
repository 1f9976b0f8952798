// A command line's numbers as written and its keys (apply/json-text-check.ts): what JSON.parse rounds
// or drops is refused, naming the field; every number it reads exactly passes, whatever its form.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonTextProblem, numberProblem } from '../src/apply/json-text-check.js';

describe('numberProblem', () => {
  it.each(['0', '-0', '1', '100000', '1.0', '1.50', '1e3', '1E+3', '2.5e1', '-12.000e0', '9007199254740991', '9007199254740992', '1e21', '0.5', '1.5', '0e9999', '123456789012345678e-2', '54380573951323740', '1e23'])(
    'takes %s as JSON.parse reads it',
    (token) => expect(numberProblem(token)).toBeNull(),
  );

  it.each([
    ['1.0000000000000001', 'is not a whole number (it would be read as 1)'],
    ['0.99999999999999999', 'is not a whole number (it would be read as 1)'],
    ['2024.0000000000001', 'is not a whole number (it would be read as 2024)'],
    ['1e-400', 'is not a whole number (it would be read as 0)'],
    ['9007199254740993', 'cannot be held exactly (it would be read as 9007199254740992)'],
    ['-9007199254740993', 'cannot be held exactly (it would be read as -9007199254740992)'],
    ['9007199254740992.5', 'is not a whole number (it would be read as 9007199254740992)'],
    ['1e400', 'is out of range'],
    ['-1e400', 'is out of range'],
  ])('refuses %s: %s', (token, why) => expect(numberProblem(token)).toBe(`the number ${token} ${why}`));

  // Past 2^53 no field takes a whole number, so those are left to the fields' checks (1e23, say).
  it('takes every safe integer written plainly, and every double written as JavaScript prints it', () => {
    fc.assert(fc.property(fc.maxSafeInteger(), (n) => numberProblem(String(n)) === null));
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => numberProblem(JSON.stringify(x)) === null));
  });
});

describe('jsonTextProblem', () => {
  it('names the field whose number was rounded, and the key given twice', () => {
    expect(jsonTextProblem('{"type":"RecordEngagement","fee":1.0000000000000001}')).toEqual({ field: 'fee', message: 'fee: the number 1.0000000000000001 is not a whole number (it would be read as 1)' });
    expect(jsonTextProblem('{"fee":1,"fee":-5}')).toEqual({ field: 'fee', message: 'fee is given more than once' });
    expect(jsonTextProblem('{"fee" :1, "summary":"a\\"fee\\":2", "fee"\t:\n7}')).toEqual({ field: 'fee', message: 'fee is given more than once' });
  });

  it('reads keys and numbers only where they are: not inside strings, not the keys of nested values', () => {
    expect(jsonTextProblem('{"type":"RecordContact","summary":"fee: 1.0000000000000001, \\"x\\":1","occurredAt":"2024-01-01T09:00:00.000Z","n":{"a":1,"a":2}}')).toBeNull();
    expect(jsonTextProblem('{"a":[1,2,{"b":1e400}]}')).toEqual({ field: 'a', message: 'a: the number 1e400 is out of range' });
    expect(jsonTextProblem('[9007199254740993]')).toEqual({ field: 'command', message: 'command: the number 9007199254740993 cannot be held exactly (it would be read as 9007199254740992)' });
  });

  it('finds nothing in any line JSON.stringify writes of a flat object', () => {
    const value = fc.oneof(fc.string(), fc.integer(), fc.maxSafeInteger(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));
    fc.assert(fc.property(fc.dictionary(fc.string(), value), (object) => jsonTextProblem(JSON.stringify(object)) === null));
  });
});
