// The sets and maps a client's state gathers share one log between the states of a line of history
// (growing.ts): each state must still see exactly what a copy made at its own step would hold,
// whichever earlier state is extended, how often, and in what order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GrowingMap, GrowingSet } from '../../src/domain/client/growing.js';

describe('GrowingMap and GrowingSet', () => {
  it('every state holds what a copy made at its step holds, across branches', () => {
    const step = fc.record({ from: fc.nat(), key: fc.constantFrom('a', 'b', 'c', 'd', 'e'), value: fc.boolean() });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const maps = [GrowingMap.empty<boolean>()];
        const sets = [GrowingSet.empty()];
        const references: Map<string, boolean>[] = [new Map()];
        for (const { from, key, value } of steps) {
          const i = from % maps.length;
          maps.push(maps[i]!.with(key, value));
          sets.push(sets[i]!.with(key));
          references.push(new Map(references[i]).set(key, value));
        }
        for (const [i, reference] of references.entries()) {
          expect(new Map(maps[i])).toEqual(reference);
          expect([...sets[i]!].sort()).toEqual([...reference.keys()].sort());
          expect(maps[i]!.size).toBe(reference.size);
          for (const key of ['a', 'b', 'c', 'd', 'e']) {
            expect(maps[i]!.get(key)).toBe(reference.get(key));
            expect(sets[i]!.has(key)).toBe(reference.has(key));
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
