// Contact buckets: one document per salesperson per UTC month (a fixed partition, independent of the
// firm's zone), so a period in any zone reads only the buckets it overlaps.
import type { ContactBucket, ContactEntry } from './documents.js';

export const utcMonth = (ms: number): string => new Date(ms).toISOString().slice(0, 7);

export const contactBucketKey = (salespersonId: string, month: string): string => `${salespersonId}:${month}`;

/** Inserts after any entries at the same instant; events arrive in log order, not time order. */
export const withContact = (contacts: readonly ContactEntry[], entry: ContactEntry): ContactEntry[] => {
  let lo = 0;
  let hi = contacts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (contacts[mid]!.at <= entry.at) lo = mid + 1;
    else hi = mid;
  }
  return [...contacts.slice(0, lo), entry, ...contacts.slice(lo)];
};

/** The UTC months that overlap [start, end). */
export const utcMonthsOverlapping = (start: number, end: number): string[] => {
  if (end <= start) return [];
  const first = new Date(start);
  const last = new Date(end - 1);
  const months: string[] = [];
  let y = first.getUTCFullYear();
  let m = first.getUTCMonth();
  while (y < last.getUTCFullYear() || (y === last.getUTCFullYear() && m <= last.getUTCMonth())) {
    months.push(`${String(y).padStart(4, '0')}-${String(m + 1).padStart(2, '0')}`);
    m = (m + 1) % 12;
    if (m === 0) y++;
  }
  return months;
};

const countBefore = (contacts: readonly ContactEntry[], t: number): number => {
  let lo = 0;
  let hi = contacts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (contacts[mid]!.at < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

export interface ContactCounts {
  readonly contacts: number;
  readonly visits: number;
}

/** Contacts (and, of those, visits) a salesperson made with start ≤ occurredAt < end. */
export const countContacts = (
  buckets: ReadonlyMap<string, ContactBucket>,
  salespersonId: string,
  start: number,
  end: number,
): ContactCounts => {
  let contacts = 0;
  let visits = 0;
  for (const month of utcMonthsOverlapping(start, end)) {
    const bucket = buckets.get(contactBucketKey(salespersonId, month));
    if (bucket === undefined) continue;
    const to = countBefore(bucket.contacts, end);
    for (let i = countBefore(bucket.contacts, start); i < to; i++) {
      contacts++;
      if (bucket.contacts[i]!.visit) visits++;
    }
  }
  return { contacts, visits };
};
