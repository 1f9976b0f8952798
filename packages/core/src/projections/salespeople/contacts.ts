// Contact buckets: one document per salesperson per UTC day (a fixed partition, independent of the
// firm's zone), so a period in any zone reads only the buckets it overlaps. Days rather than months
// keep each bucket a handful of entries: a pure fold copies the bucket on every contact, and a
// month-sized bucket made that copying, and its garbage, the largest cost of a rebuild.
import { DAY_MS } from '../../domain/time/zone.js';
import type { ContactBucket, ContactEntry } from './documents.js';

export const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export const contactBucketKey = (salespersonId: string, day: string): string => `${salespersonId}:${day}`;

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

/** The UTC days ('YYYY-MM-DD') that overlap [start, end). */
export const utcDaysOverlapping = (start: number, end: number): string[] => {
  if (end <= start) return [];
  const days: string[] = [];
  for (let day = Math.floor(start / DAY_MS); day * DAY_MS < end; day++) days.push(utcDay(day * DAY_MS));
  return days;
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
  for (const day of utcDaysOverlapping(start, end)) {
    const bucket = buckets.get(contactBucketKey(salespersonId, day));
    if (bucket === undefined) continue;
    const to = countBefore(bucket.contacts, end);
    for (let i = countBefore(bucket.contacts, start); i < to; i++) {
      contacts++;
      if (bucket.contacts[i]!.visit) visits++;
    }
  }
  return { contacts, visits };
};
