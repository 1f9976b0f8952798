// Contact buckets: one document per salesperson per UTC day (a fixed partition, independent of the
// firm's zone), so a period in any zone reads only the buckets it overlaps. Days rather than months
// keep each bucket a handful of entries: a pure fold copies the bucket on every contact, and a
// month-sized bucket made that copying, and its garbage, the largest cost of a rebuild.
import { isoDay } from '../../domain/time/iso-instant.js';
import { DAY_MS } from '../../domain/time/zone.js';
import type { ContactBucket, ContactEntry } from './documents.js';

/** `toISOString().slice(0, 10)` without a Date: reports list a period's days per salesperson. */
export const utcDay = (ms: number): string => isoDay(ms);

export const contactBucketKey = (salespersonId: string, day: string): string => `${salespersonId}:${day}`;

/** Where a contact at `at` goes: after any entries at the same instant (events arrive in log order, not time order). */
const insertionIndex = (contacts: readonly ContactEntry[], at: number): number => {
  let lo = 0;
  let hi = contacts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (contacts[mid]!.at <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

/** A new array: the contacts with `entry` in its place. */
export const withContact = (contacts: readonly ContactEntry[], entry: ContactEntry): ContactEntry[] => {
  const i = insertionIndex(contacts, entry.at);
  return [...contacts.slice(0, i), entry, ...contacts.slice(i)];
};

/** Puts `entry` in its place in `contacts` itself: only in a bucket its batch wrote (writtenInBatch). */
export const insertContact = (contacts: ContactEntry[], entry: ContactEntry): void => {
  contacts.splice(insertionIndex(contacts, entry.at), 0, entry);
};

/**
 * Every occurredAt lies in years 0000–9999 (SPEC §1), so no bucket lies outside them, whatever a
 * period's ends: a period can reach year 10000 (`9999` west of UTC), whose day would be written
 * `+010000-01-01` and sort before every real day.
 */
const FIRST_INSTANT = -62_167_219_200_000; // 0000-01-01T00:00:00.000Z
const END_OF_INSTANTS = 253_402_300_800_000; // 10000-01-01T00:00:00.000Z

/** [start, end) cut to the instants an event can have. */
const clamped = (start: number, end: number): { start: number; end: number } => ({
  start: Math.max(start, FIRST_INSTANT),
  end: Math.min(end, END_OF_INSTANTS),
});

/** The UTC days ('YYYY-MM-DD', years 0000–9999) that overlap [start, end). */
export const utcDaysOverlapping = (periodStart: number, periodEnd: number): string[] => {
  const { start, end } = clamped(periodStart, periodEnd);
  if (end <= start) return [];
  const days: string[] = [];
  for (let day = Math.floor(start / DAY_MS); day * DAY_MS < end; day++) days.push(utcDay(day * DAY_MS));
  return days;
};

/** The first and last of utcDaysOverlapping without listing the days between (a key range). */
export const utcDayBounds = (periodStart: number, periodEnd: number): { readonly first: string; readonly last: string } | undefined => {
  const { start, end } = clamped(periodStart, periodEnd);
  return end <= start ? undefined : { first: utcDay(start), last: utcDay(end - 1) };
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
  const count = (bucket: ContactBucket): void => {
    const to = countBefore(bucket.contacts, end);
    for (let i = countBefore(bucket.contacts, start); i < to; i++) {
      contacts++;
      if (bucket.contacts[i]!.visit) visits++;
    }
  };
  const days = utcDayBounds(start, end);
  if (days === undefined) return { contacts, visits };
  // Looked up day by day only when there are more buckets than days (an in-memory fold hands over
  // every salesperson's buckets); otherwise the buckets there are are read: a long period (0000..9999
  // is 3.65 million days) has few, and a reader of the read models hands over just this
  // salesperson's in the period, for which a key built per day was 13 % of a KPI report over a
  // quarter. Days of years 0000–9999 ('YYYY-MM-DD') sort as text in time order, so a bucket's day
  // is compared with the bounds as it is.
  const span = clamped(start, end);
  if (buckets.size <= Math.floor((span.end - 1) / DAY_MS) - Math.floor(span.start / DAY_MS) + 1) {
    for (const bucket of buckets.values()) {
      if (bucket.salespersonId === salespersonId && bucket.day >= days.first && bucket.day <= days.last) count(bucket);
    }
    return { contacts, visits };
  }
  for (const day of utcDaysOverlapping(start, end)) {
    const bucket = buckets.get(contactBucketKey(salespersonId, day));
    if (bucket !== undefined) count(bucket);
  }
  return { contacts, visits };
};
