import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson, quoteJson, sortedKeys } from '../../src/integrity/canonical-json.js';

describe('canonicalJson', () => {
  it('sorts the keys of every object, nested in objects and arrays, without spaces', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}');
  });

  it('orders keys by code unit: integer-like keys as text, capitals first, no locale rules', () => {
    expect(canonicalJson({ a: 1, 10: 'b', 2: 'a', B: 2 })).toBe('{"10":"b","2":"a","B":2,"a":1}');
    expect(canonicalJson({ é: 1, z: 2, Z: 3 })).toBe('{"Z":3,"z":2,"é":1}');
    // U+FB01 sorts after the surrogate pair of U+1F600 by code unit, before it by code point.
    expect(canonicalJson({ '\uFB01': 1, '\u{1F600}': 2 })).toBe('{"\u{1F600}":2,"\uFB01":1}');
  });

  it('leaves out what JSON.stringify leaves out and writes what it writes', () => {
    const value = {
      gone: undefined,
      fn: () => 1,
      list: [undefined, () => 1, Number.NaN, -0, Infinity],
      when: new Date('2024-03-01T09:30:00Z'),
      custom: { toJSON: (key: string) => `as ${key}` },
      text: 'line\n"quoted" \uD800',
      boxed: [new Number(3), new String('s'), new Boolean(false)],
    };
    expect(canonicalJson(value)).toBe(
      '{"boxed":[3,"s",false],"custom":"as custom","list":[null,null,null,0,null],"text":"line\\n\\"quoted\\" \\ud800","when":"2024-03-01T09:30:00.000Z"}',
    );
    expect(canonicalJson(undefined)).toBeUndefined();
    expect(() => canonicalJson({ n: 1n })).toThrow(TypeError);
  });

  it('says what JSON.stringify says, whatever the key order', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const canonical = canonicalJson(value)!;
        expect(JSON.parse(canonical)).toEqual(JSON.parse(JSON.stringify(value)));
        expect(canonicalJson(JSON.parse(canonical))).toBe(canonical);
      }),
    );
  });

  it('does not depend on the order the keys were added in', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (record) => {
        const reversed = Object.fromEntries(Object.entries(record).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(record));
      }),
    );
  });

  it('sorts keys as the default sort does, for few keys (by hand) and many', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.oneof(fc.string(), fc.nat().map(String), fc.string({ unit: 'grapheme' })), fc.constant(1), { maxKeys: 40 }), (object) => {
        expect(sortedKeys(object)).toEqual(Object.keys(object).sort());
      }),
      { numRuns: 2000 },
    );
  });

  it('quotes text exactly as JSON.stringify does', () => {
    const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: fc.constantFrom('a', '"', '\\', '\n', '\u007f', '\u0000', '\ud800', 'é', '/', ' ') }));
    fc.assert(
      fc.property(text, (value) => {
        expect(quoteJson(value)).toBe(JSON.stringify(value));
      }),
      { numRuns: 5000 },
    );
  });
});
