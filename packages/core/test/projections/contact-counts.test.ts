// countContacts reads a salesperson's contacts in [start, end) from day buckets in either of the two
// ways it chooses between: the buckets handed over (a reader of the read models gives just this
// salesperson's in the period) or a lookup per day (an in-memory fold gives every bucket there is).
// Both must count the same contacts, at the period's ends too.
import { describe, expect, it } from 'vitest';
import { contactBucketKey, countContacts } from '../../src/projections/salespeople/contacts.js';
import type { ContactBucket } from '../../src/projections/salespeople/documents.js';

const ms = (iso: string): number => Date.parse(iso);

const bucket = (salespersonId: string, day: string, contacts: readonly [time: string, visit: boolean][]): ContactBucket => ({
  salespersonId,
  day,
  contacts: contacts.map(([time, visit]) => ({ at: ms(`${day}T${time}Z`), visit })),
});

const mapOf = (buckets: readonly ContactBucket[]): Map<string, ContactBucket> =>
  new Map(buckets.map((b) => [contactBucketKey(b.salespersonId, b.day), b]));

// S1 on three consecutive days, with contacts on both sides of the period's ends; S1:x, whose id
// extends S1's with ':', has buckets whose keys fall among S1's; S2 shares S1's days.
const S1 = [
  bucket('S1', '2024-04-01', [['00:00:00.000', true], ['12:00:00.000', false]]),
  bucket('S1', '2024-04-02', [['06:00:00.000', true], ['18:00:00.000', true]]),
  bucket('S1', '2024-04-03', [['00:00:00.000', false], ['23:59:59.999', true]]),
];
const OTHERS = [
  bucket('S1:x', '2024-04-02', [['08:00:00.000', true]]),
  bucket('S2', '2024-04-01', [['01:00:00.000', true]]),
  bucket('S2', '2024-04-02', [['01:00:00.000', false]]),
  bucket('S2', '2024-04-03', [['01:00:00.000', true]]),
];

describe('countContacts', () => {
  // [start, end), the contacts and visits of S1 in it.
  const cases: readonly [start: string, end: string, contacts: number, visits: number][] = [
    ['2024-04-01T00:00:00.000Z', '2024-04-04T00:00:00.000Z', 6, 4],
    ['2024-04-01T12:00:00.000Z', '2024-04-03T23:59:59.999Z', 4, 2],
    ['2024-04-02T00:00:00.000Z', '2024-04-03T00:00:00.000Z', 2, 2],
    ['2024-04-03T23:59:59.999Z', '2024-04-04T00:00:00.000Z', 1, 1],
    ['2024-03-01T00:00:00.000Z', '2024-04-01T00:00:00.000Z', 0, 0],
    ['0000-01-01T00:00:00.000Z', '9999-12-31T00:00:00.000Z', 6, 4],
  ];

  it.each(cases)('[%s, %s) from S1’s own buckets: %i contacts, %i visits', (start, end, contacts, visits) => {
    expect(countContacts(mapOf(S1), 'S1', ms(start), ms(end))).toEqual({ contacts, visits });
  });

  it.each(cases)('[%s, %s) from every salesperson’s buckets: %i contacts, %i visits', (start, end, contacts, visits) => {
    expect(countContacts(mapOf([...S1, ...OTHERS]), 'S1', ms(start), ms(end))).toEqual({ contacts, visits });
  });

  it('reads no bucket of another salesperson whose key falls in the range, nor one outside the period', () => {
    const onlyOthers = mapOf([...OTHERS, bucket('S1', '2024-03-31', [['12:00:00.000', true]])]);
    expect(countContacts(onlyOthers, 'S1', ms('2024-04-01T00:00:00.000Z'), ms('2024-04-04T00:00:00.000Z'))).toEqual({ contacts: 0, visits: 0 });
    expect(countContacts(onlyOthers, 'S1:x', ms('2024-04-02T00:00:00.000Z'), ms('2024-04-03T00:00:00.000Z'))).toEqual({ contacts: 1, visits: 1 });
  });
});
