// Lookups in a client's timelines: "at(T)" takes events with occurredAt ≤ T, "before(t)" those with
// occurredAt < t (SPEC §4). Every array is sorted by its instant, so each lookup is a binary search.
import type { ChurnEntry, ClientDoc, FeeEntry, StageEntry } from './documents.js';

interface Timed {
  readonly at: number;
}

/** Number of entries with at < t (strict) or at ≤ t (inclusive). */
const countUpTo = (entries: readonly Timed[], t: number, inclusive: boolean): number => {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const at = entries[mid]!.at;
    if (at < t || (inclusive && at === t)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

/** The last entry with at ≤ t: the value in at(t). */
export const entryAt = <E extends Timed>(entries: readonly E[], t: number): E | undefined =>
  entries[countUpTo(entries, t, true) - 1];

/** The last entry with at < t: the value in before(t). */
export const entryBefore = <E extends Timed>(entries: readonly E[], t: number): E | undefined =>
  entries[countUpTo(entries, t, false) - 1];

/** The entries with start ≤ at < end, e.g. the events of a period [s, e). */
export const entriesIn = <E extends Timed>(entries: readonly E[], start: number, end: number): readonly E[] =>
  entries.slice(countUpTo(entries, start, false), countUpTo(entries, end, false));

export const stageAt = (doc: ClientDoc, t: number): StageEntry | undefined => entryAt(doc.stages, t);
export const stageBefore = (doc: ClientDoc, t: number): StageEntry | undefined => entryBefore(doc.stages, t);

export const ownerAt = (doc: ClientDoc, t: number): string | undefined => entryAt(doc.owners, t)?.ownerId;
export const ownerBefore = (doc: ClientDoc, t: number): string | undefined => entryBefore(doc.owners, t)?.ownerId;

/** Active = engaged (SPEC §3). */
export const isActiveAt = (doc: ClientDoc, t: number): boolean => stageAt(doc, t)?.stage === 'engaged';
export const isActiveBefore = (doc: ClientDoc, t: number): boolean => stageBefore(doc, t)?.stage === 'engaged';

export const lastChurnAt = (doc: ClientDoc, t: number): ChurnEntry | undefined => entryAt(doc.churns, t);
export const lastChurnBefore = (doc: ClientDoc, t: number): ChurnEntry | undefined => entryBefore(doc.churns, t);

const sumFees = (fees: readonly FeeEntry[], from: number, to: number): number => {
  let sum = 0;
  for (let i = from; i < to; i++) sum += fees[i]!.fee;
  return sum;
};

/** Sum of all fees (ClientEngaged and ClientReactivated) in at(t). */
export const lifetimeValueAt = (doc: ClientDoc, t: number): number =>
  sumFees(doc.fees, 0, countUpTo(doc.fees, t, true));

/** Sum of the fees occurring in (from, to]. */
export const feesInHalfOpenLeft = (doc: ClientDoc, from: number, to: number): number =>
  sumFees(doc.fees, countUpTo(doc.fees, from, true), countUpTo(doc.fees, to, true));

/** Complaints filed in at(t) and not resolved in at(t). */
export const openComplaintsAt = (doc: ClientDoc, t: number): number => {
  let open = 0;
  for (const c of doc.complaints) {
    if (c.filedAt <= t && (c.resolvedAt === null || c.resolvedAt > t)) open++;
  }
  return open;
};

/** The first engagement, i.e. the acquisition (a client is acquired once; later ones are reactivations). */
export const acquiredAt = (doc: ClientDoc): number | undefined => doc.stages.find((s) => s.stage === 'engaged')?.at;
