// Snapshots of one stream share their commandIds; each must still see exactly the commandIds of
// its own history, whatever was added to the others since.
import { describe, expect, it } from 'vitest';
import { CommandIds } from '../../src/application/command-ids.js';
import { sequencePosition } from '../../src/domain/envelope.js';

const p = sequencePosition;

describe('CommandIds', () => {
  it('lets each snapshot see the commandIds up to its own revision', () => {
    const v0 = CommandIds.of(0, [['a', 0, p(1)]]);
    const v1 = v0.advancedTo(1, 'b', p(2));
    const v2 = v1.advancedTo(2, null, p(3));
    const v3 = v2.advancedTo(3, 'c', p(4));
    expect([...v0.keys()]).toEqual(['a']);
    expect(v0.has('b')).toBe(false);
    expect(v1.get('b')).toEqual(p(2));
    expect(v2.size).toBe(2);
    expect(new Map(v3)).toEqual(new Map([['a', p(1)], ['b', p(2)], ['c', p(4)]]));
  });

  it('never shows one branch the commandIds of another', () => {
    const base = CommandIds.of(4, [['a', 4, p(5)]]);
    const failed = base.advancedTo(5, 'pending', null);
    const other = base.advancedTo(5, 'written', p(9));
    expect(other.has('pending')).toBe(false);
    expect(other.get('written')).toEqual(p(9));
    expect(failed.has('written')).toBe(false);
    expect(failed.has('pending')).toBe(true);
    // A commandId-less event on an older snapshot must not bring the newer branch's ids into view.
    const quiet = base.advancedTo(5, null, p(10));
    expect(quiet.has('pending')).toBe(false);
    expect(quiet.has('written')).toBe(false);
    expect(base.has('pending') || base.has('written')).toBe(false);
  });

  it('settles pending positions when the group commit lands, for every snapshot of that history', () => {
    const base = CommandIds.of(-1, []);
    const first = base.advancedTo(0, 'x', null);
    const second = first.advancedTo(1, 'y', null);
    const recorded = (commandId: string, streamVersion: number, position: number) => ({ streamVersion, position: p(position), metadata: { commandId } as never });
    second.settle([recorded('x', 0, 7), recorded('y', 1, 8), recorded('z', 2, 9)]);
    expect(first.get('x')).toEqual(p(7));
    expect(second.get('y')).toEqual(p(8));
    expect(second.has('z')).toBe(false);
  });
});
