// The attrition counts of SPEC §4.2 for one period, for the firm and split per salesperson, each
// count attributed to the owner the spec names. Shared by the attrition and KPI reports.
import { CHURN_REASONS, isControllable, type ChurnReason } from '../../domain/vocabulary.js';
import type { ClientDoc } from '../../projections/clients/documents.js';
import { entriesIn, isActiveBefore, lastChurnBefore, ownerBefore } from '../../projections/clients/timeline.js';

export interface AttritionTally {
  activeAtStart: number;
  acquired: number;
  reactivated: number;
  churnEvents: number;
  churnedByReason: Record<ChurnReason, number>;
  lost: number;
  controllableLost: number;
  activeAtEnd: number;
}

export const emptyTally = (): AttritionTally => ({
  activeAtStart: 0,
  acquired: 0,
  reactivated: 0,
  churnEvents: 0,
  churnedByReason: Object.fromEntries(CHURN_REASONS.map((r) => [r, 0])) as Record<ChurnReason, number>,
  lost: 0,
  controllableLost: 0,
  activeAtEnd: 0,
});

export interface AttritionTallies {
  readonly firm: AttritionTally;
  /** ownerId → tally; a salesperson with nothing to count has no entry. */
  readonly byOwner: ReadonlyMap<string, AttritionTally>;
  /** Counts one client in; clients arrive one at a time, as a report streams them. */
  add(doc: ClientDoc): void;
}

/** Counts over P = [start, end). */
export const tallyAttrition = (start: number, end: number): AttritionTallies => {
  const firm = emptyTally();
  const byOwner = new Map<string, AttritionTally>();
  const of = (ownerId: string | undefined): AttritionTally => {
    if (ownerId === undefined) throw new Error('an owner is missing where a client has history');
    let tally = byOwner.get(ownerId);
    if (tally === undefined) byOwner.set(ownerId, (tally = emptyTally()));
    return tally;
  };
  const both = (ownerId: string | undefined, count: (t: AttritionTally) => void): void => {
    count(firm);
    count(of(ownerId));
  };

  const add = (doc: ClientDoc): void => {
    if (doc.registeredAt >= end) return;
    // S, lost and controllableLost by the owner in before(s).
    if (isActiveBefore(doc, start)) {
      const ownerAtStart = ownerBefore(doc, start);
      both(ownerAtStart, (t) => t.activeAtStart++);
      if (!isActiveBefore(doc, end)) {
        const churn = lastChurnBefore(doc, end);
        const controllable = churn !== undefined && isControllable(churn.reason);
        both(ownerAtStart, (t) => {
          t.lost++;
          if (controllable) t.controllableLost++;
        });
      }
    }
    // activeAtEnd by the owner in before(e).
    if (isActiveBefore(doc, end)) both(ownerBefore(doc, end), (t) => t.activeAtEnd++);
    // Events in P by the owner when they occurred.
    for (const fee of entriesIn(doc.fees, start, end)) {
      if (fee.kind === 'acquisition') both(fee.ownerId, (t) => t.acquired++);
      else if (fee.kind === 'reactivation') both(fee.ownerId, (t) => t.reactivated++);
    }
    for (const churn of entriesIn(doc.churns, start, end)) {
      both(churn.ownerId, (t) => {
        t.churnEvents++;
        t.churnedByReason[churn.reason]++;
      });
    }
  };
  return { firm, byOwner, add };
};
