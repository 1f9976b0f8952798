// A host that reads client documents itself (a custom report over ReportSource) goes through the
// package's `clientTimeline` accessors: the stored layout (flat arrays, words as codes) is theirs.
import { describe, expect, it } from 'vitest';
import { clientTimeline, evolveClientDoc, type ClientDoc } from '../../src/index.js';

describe('clientTimeline, as the package exports it', () => {
  it('reads stage, owner and fees at an instant from a document the clients projection built', () => {
    const at = (day: number) => Date.UTC(2024, 0, day);
    let doc: ClientDoc | undefined;
    doc = evolveClientDoc(doc, { type: 'ClientRegistered', data: { clientId: 'C1', name: 'Acme', ownerId: 'S1', source: 'referral', industry: 'retail' } }, at(1));
    doc = evolveClientDoc(doc, { type: 'ClientReassigned', data: { clientId: 'C1', ownerId: 'S2', previousOwnerId: 'S1' } }, at(5));
    doc = evolveClientDoc(doc, { type: 'ClientEngaged', data: { clientId: 'C1', engagementId: 'E1', fee: 120_000, serviceLine: 'audit' } }, at(10));
    expect(clientTimeline.stageAt(doc, at(2))).toBe('prospect');
    expect(clientTimeline.stageAt(doc, at(10))).toBe('engaged');
    expect(clientTimeline.ownerAt(doc, at(4))).toBe('S1');
    expect(clientTimeline.ownerAt(doc, at(5))).toBe('S2');
    expect(clientTimeline.feeCount(doc)).toBe(1);
    expect(clientTimeline.feeOwner(doc, 0)).toBe('S2');
    expect(clientTimeline.lifetimeValueAt(doc, at(9))).toBe(0);
    expect(clientTimeline.lifetimeValueAt(doc, at(10))).toBe(120_000);
  });
});
