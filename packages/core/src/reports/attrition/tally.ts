// The attrition counts of SPEC §4.2 for one period, for the firm and split per salesperson, each
// count attributed to the owner the spec names. Shared by the attrition and KPI reports.
import { CHURN_REASONS, isControllable, type ChurnReason } from '../../domain/vocabulary.js';
import type { ClientDoc } from '../../projections/clients/documents.js';
import { churnOwner, churnReason, churnsFrom, feeKind, feeOwner, feesFrom, isActiveBefore, lastChurnIndexBefore, ownerBefore } from '../../projections/clients/timeline.js';

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
  const add = (doc: ClientDoc): void => {
    if (doc.registeredAt >= end) return;
    // S, lost and controllableLost by the owner in before(s).
    const activeAtEnd = isActiveBefore(doc, end);
    if (isActiveBefore(doc, start)) {
      const atStart = of(ownerBefore(doc, start));
      firm.activeAtStart++;
      atStart.activeAtStart++;
      if (!activeAtEnd) {
        const churn = lastChurnIndexBefore(doc, end);
        const controllable = churn >= 0 && isControllable(churnReason(doc, churn));
        firm.lost++;
        atStart.lost++;
        if (controllable) {
          firm.controllableLost++;
          atStart.controllableLost++;
        }
      }
    }
    // activeAtEnd by the owner in before(e).
    if (activeAtEnd) {
      firm.activeAtEnd++;
      of(ownerBefore(doc, end)).activeAtEnd++;
    }
    // Events in P by the owner when they occurred.
    for (let i = feesFrom(doc, start), to = feesFrom(doc, end); i < to; i++) {
      const kind = feeKind(doc, i);
      if (kind === 'acquisition') {
        firm.acquired++;
        of(feeOwner(doc, i)).acquired++;
      } else if (kind === 'reactivation') {
        firm.reactivated++;
        of(feeOwner(doc, i)).reactivated++;
      }
    }
    for (let i = churnsFrom(doc, start), to = churnsFrom(doc, end); i < to; i++) {
      const reason = churnReason(doc, i);
      const owner = of(churnOwner(doc, i));
      firm.churnEvents++;
      firm.churnedByReason[reason]++;
      owner.churnEvents++;
      owner.churnedByReason[reason]++;
    }
  };
  return { firm, byOwner, add };
};
