// Lookups in a client's timelines: "at(T)" takes events with occurredAt ≤ T, "before(t)" those with
// occurredAt < t (SPEC §4). Every timeline is sorted by its instant, so each lookup is a binary
// search. Entries are addressed by index (0, 1, …) and their fields read by the accessors below,
// which are the only code that knows documents.ts's layouts: a report reads a timeline without an
// object per entry.
import type { ChurnReason, ComplaintCategory, Severity, Stage } from '../../domain/vocabulary.js';
import {
  CATEGORY_CODES,
  CHURN_REASON_CODES,
  CHURN_WIDTH,
  COMPLAINT_WIDTH,
  FEE_KIND_CODES,
  FEE_WIDTH,
  OWNER_WIDTH,
  SEVERITY_CODES,
  STAGE_CODES,
  STAGE_WIDTH,
  type ClientDoc,
  type FeeKind,
} from './documents.js';

/** The word a stored code stands for. */
const wordOf = <W extends string>(table: readonly W[], code: number): W => {
  const word = table[code];
  if (word === undefined) throw new Error(`no word for stored code ${code}`);
  return word;
};

/**
 * Entries of a timeline whose instant is < t (strict) or ≤ t (inclusive); each entry's instant is
 * its first element. A report usually asks about a time after all of a client's entries, or before
 * them: the ends are looked at first, so that case reads one entry instead of a binary search's
 * several (the documents of a long log do not fit in a cache, and every entry read may be a miss).
 */
const countUpTo = (timeline: readonly unknown[], width: number, t: number, inclusive: boolean): number => {
  const count = timeline.length / width;
  if (count === 0) return 0;
  const last = timeline[(count - 1) * width] as number;
  if (last < t || (inclusive && last === t)) return count;
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const at = timeline[mid * width] as number;
    if (at < t || (inclusive && at === t)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

// Stages: [at, stage, lifetime].

export const stageCount = (doc: ClientDoc): number => doc.stages.length / STAGE_WIDTH;
export const stageSince = (doc: ClientDoc, i: number): number => doc.stages[i * STAGE_WIDTH]!;
export const stageOf = (doc: ClientDoc, i: number): Stage => wordOf(STAGE_CODES, doc.stages[i * STAGE_WIDTH + 1]!);
export const lifetimeOf = (doc: ClientDoc, i: number): number => doc.stages[i * STAGE_WIDTH + 2]!;
/** The stage entry in at(t): the last with at ≤ t; −1 before registration. */
export const stageIndexAt = (doc: ClientDoc, t: number): number => countUpTo(doc.stages, STAGE_WIDTH, t, true) - 1;
/** The stage entry in before(t): the last with at < t; −1 when none. */
export const stageIndexBefore = (doc: ClientDoc, t: number): number => countUpTo(doc.stages, STAGE_WIDTH, t, false) - 1;

export const stageAt = (doc: ClientDoc, t: number): Stage | undefined => {
  const i = stageIndexAt(doc, t);
  return i < 0 ? undefined : stageOf(doc, i);
};

// Owners: [at, ownerId]; other timelines name an owner by the index of its entry here.

/** The owner of entry `i` of the owners timeline. */
export const ownerOf = (doc: ClientDoc, i: number): string => doc.owners[i * OWNER_WIDTH + 1] as string;

const ownerIn = (doc: ClientDoc, count: number): string | undefined =>
  count === 0 ? undefined : (doc.owners[(count - 1) * OWNER_WIDTH + 1] as string);
export const ownerAt = (doc: ClientDoc, t: number): string | undefined => ownerIn(doc, countUpTo(doc.owners, OWNER_WIDTH, t, true));
export const ownerBefore = (doc: ClientDoc, t: number): string | undefined => ownerIn(doc, countUpTo(doc.owners, OWNER_WIDTH, t, false));

/** Active = engaged (SPEC §3). */
export const isActiveAt = (doc: ClientDoc, t: number): boolean => {
  const i = stageIndexAt(doc, t);
  return i >= 0 && stageOf(doc, i) === 'engaged';
};
export const isActiveBefore = (doc: ClientDoc, t: number): boolean => {
  const i = stageIndexBefore(doc, t);
  return i >= 0 && stageOf(doc, i) === 'engaged';
};

// Fees: [at, fee, ownerId, kind].

export const feeCount = (doc: ClientDoc): number => doc.fees.length / FEE_WIDTH;
export const feeAt = (doc: ClientDoc, i: number): number => doc.fees[i * FEE_WIDTH]!;
export const feeOf = (doc: ClientDoc, i: number): number => doc.fees[i * FEE_WIDTH + 1]!;
export const feeOwner = (doc: ClientDoc, i: number): string => ownerOf(doc, doc.fees[i * FEE_WIDTH + 2]!);
export const feeKind = (doc: ClientDoc, i: number): FeeKind => wordOf(FEE_KIND_CODES, doc.fees[i * FEE_WIDTH + 3]!);
/** The first fee with at ≥ t: fees in [s, e) are the indexes feesFrom(s) … feesFrom(e) − 1. */
export const feesFrom = (doc: ClientDoc, t: number): number => countUpTo(doc.fees, FEE_WIDTH, t, false);

const sumFees = (doc: ClientDoc, from: number, to: number): number => {
  let sum = 0;
  for (let i = from; i < to; i++) sum += feeOf(doc, i);
  return sum;
};

/** Sum of all fees (ClientEngaged and ClientReactivated) in at(t). */
export const lifetimeValueAt = (doc: ClientDoc, t: number): number => sumFees(doc, 0, countUpTo(doc.fees, FEE_WIDTH, t, true));

/** Sum of the fees occurring in (from, to]. */
export const feesInHalfOpenLeft = (doc: ClientDoc, from: number, to: number): number =>
  sumFees(doc, countUpTo(doc.fees, FEE_WIDTH, from, true), countUpTo(doc.fees, FEE_WIDTH, to, true));

// Churns: [at, reason, ownerId].

export const churnAt = (doc: ClientDoc, i: number): number => doc.churns[i * CHURN_WIDTH]!;
export const churnReason = (doc: ClientDoc, i: number): ChurnReason => wordOf(CHURN_REASON_CODES, doc.churns[i * CHURN_WIDTH + 1]!);
export const churnOwner = (doc: ClientDoc, i: number): string => ownerOf(doc, doc.churns[i * CHURN_WIDTH + 2]!);
/** The first churn with at ≥ t: churns in [s, e) are the indexes churnsFrom(s) … churnsFrom(e) − 1. */
export const churnsFrom = (doc: ClientDoc, t: number): number => countUpTo(doc.churns, CHURN_WIDTH, t, false);
/** The last churn in at(t); −1 when none. */
export const lastChurnIndexAt = (doc: ClientDoc, t: number): number => countUpTo(doc.churns, CHURN_WIDTH, t, true) - 1;
/** The last churn in before(t); −1 when none. */
export const lastChurnIndexBefore = (doc: ClientDoc, t: number): number => churnsFrom(doc, t) - 1;

// Complaints: [filedAt, category, severity, filedOwner, resolvedAt, resolvedOwner], in filing order;
// resolvedOwner is −1 while open. Their ids are complaintIds, at the same indexes.

export const complaintCount = (doc: ClientDoc): number => doc.complaints.length / COMPLAINT_WIDTH;
export const complaintFiledAt = (doc: ClientDoc, i: number): number => doc.complaints[i * COMPLAINT_WIDTH]!;
export const complaintCategory = (doc: ClientDoc, i: number): ComplaintCategory => wordOf(CATEGORY_CODES, doc.complaints[i * COMPLAINT_WIDTH + 1]!);
export const complaintSeverity = (doc: ClientDoc, i: number): Severity => wordOf(SEVERITY_CODES, doc.complaints[i * COMPLAINT_WIDTH + 2]!);
export const complaintFiledOwner = (doc: ClientDoc, i: number): string => ownerOf(doc, doc.complaints[i * COMPLAINT_WIDTH + 3]!);
const isResolved = (doc: ClientDoc, i: number): boolean => doc.complaints[i * COMPLAINT_WIDTH + 5]! >= 0;
export const complaintResolvedAt = (doc: ClientDoc, i: number): number | null => (isResolved(doc, i) ? doc.complaints[i * COMPLAINT_WIDTH + 4]! : null);
export const complaintResolvedOwner = (doc: ClientDoc, i: number): string | null =>
  isResolved(doc, i) ? ownerOf(doc, doc.complaints[i * COMPLAINT_WIDTH + 5]!) : null;

/** Complaints filed in at(t) and not resolved in at(t). */
export const openComplaintsAt = (doc: ClientDoc, t: number): number => {
  let open = 0;
  for (let i = 0, n = complaintCount(doc); i < n; i++) {
    const resolvedAt = complaintResolvedAt(doc, i);
    if (complaintFiledAt(doc, i) <= t && (resolvedAt === null || resolvedAt > t)) open++;
  }
  return open;
};

/** The first engagement, i.e. the acquisition (a client is acquired once; later ones are reactivations). */
export const acquiredAt = (doc: ClientDoc): number | undefined => {
  for (let i = 0, n = stageCount(doc); i < n; i++) if (stageOf(doc, i) === 'engaged') return stageSince(doc, i);
  return undefined;
};
