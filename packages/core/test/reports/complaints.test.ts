// SPEC §4.8: complaints over P = [s, e): filed by kind, resolved and how fast, open and overdue at
// the end, and clients that churned after complaining, for the firm and per salesperson.
import { describe, expect, it } from 'vitest';
import { complaintsReport } from '../../src/reports/complaints/query.js';
import { createLog } from './support/log.js';
import { period, viewsOf } from './support/views.js';

// P = 2024-Q2 = [2024-04-01, 2024-07-01) UTC; with N = 7, overdue means filed at or before
// e − 7 days = 2024-06-24T00:00:00Z. Salespeople S1, S2, S3.
// A (S1): A1 quality/high filed 03-20 (before P), resolved 04-02 → resolved in P after 13 days = 312 h;
//         A2 service/low filed 04-10, resolved 04-10 06:00 → filed and resolved in P, 6 h.
// B (S1, reassigned to S2 05-01): B1 price/medium filed 04-20 under S1, never resolved; churns
//         (dissatisfied) 06-01; B2 price/high filed 06-24T00:00Z exactly under S2 (at e − 7 days:
//         overdue). Both open at the end, for S2 (owner in before(e)). Churned after its first
//         complaint in P, counted once although it complained twice.
// C (S2): churns (competitor) 04-05, then C1 staff/medium filed 04-15, resolved exactly at e → open
//         at the end (not resolved before e) and overdue; its churn came before the complaint.
// D (S2): D1 other/low filed 06-24T00:00:00.001Z, 1 ms too late to be overdue; churns at that same
//         instant (after it in the stream) → churned at or after its complaint.
// E (S3): E1 quality/medium filed 03-01 (before P), never resolved → open and overdue for S3;
//         churns 05-01, but it filed nothing in P.
// F (S1): F1 service/high filed exactly at e → not in P, not open at the end.
// G (S2): G1 filed 03-31 23:00, resolved 04-01 01:00 → resolved in P, 2 h, by S2.
// H (S1, reassigned to S3 05-10): H1 quality/low filed 05-01 under S1, resolved 05-20 under S3
//         after 19 days = 456 h → filed by S1, resolved by S3.
const log = createLog()
  .salesperson('S1', '2023-12-01T00:00:00Z')
  .salesperson('S2', '2023-12-01T00:00:00Z')
  .salesperson('S3', '2023-12-01T00:00:00Z')
  .register('A', 'S1', '2024-01-01T00:00:00Z').engage('A', 'A-e', 100, '2024-01-10T00:00:00Z')
  .complain('A', 'A1', '2024-03-20T00:00:00Z', 'quality', 'high').resolve('A', 'A1', '2024-04-02T00:00:00Z')
  .complain('A', 'A2', '2024-04-10T00:00:00Z', 'service', 'low').resolve('A', 'A2', '2024-04-10T06:00:00Z')
  .register('B', 'S1', '2024-01-01T00:00:00Z').engage('B', 'B-e', 100, '2024-02-01T00:00:00Z')
  .complain('B', 'B1', '2024-04-20T00:00:00Z', 'price', 'medium')
  .reassign('B', 'S2', '2024-05-01T00:00:00Z')
  .churn('B', 'dissatisfied', '2024-06-01T00:00:00Z')
  .complain('B', 'B2', '2024-06-24T00:00:00Z', 'price', 'high')
  .register('C', 'S2', '2024-01-01T00:00:00Z').engage('C', 'C-e', 100, '2024-01-05T00:00:00Z')
  .churn('C', 'competitor', '2024-04-05T00:00:00Z')
  .complain('C', 'C1', '2024-04-15T00:00:00Z', 'staff', 'medium').resolve('C', 'C1', '2024-07-01T00:00:00Z')
  .register('D', 'S2', '2024-01-01T00:00:00Z').engage('D', 'D-e', 100, '2024-03-01T00:00:00Z')
  .complain('D', 'D1', '2024-06-24T00:00:00.001Z', 'other', 'low')
  .churn('D', 'other', '2024-06-24T00:00:00.001Z')
  .register('E', 'S3', '2024-01-01T00:00:00Z').engage('E', 'E-e', 100, '2024-01-01T00:00:00Z')
  .complain('E', 'E1', '2024-03-01T00:00:00Z', 'quality', 'medium')
  .churn('E', 'other', '2024-05-01T00:00:00Z')
  .register('F', 'S1', '2024-01-01T00:00:00Z').engage('F', 'F-e', 100, '2024-01-01T00:00:00Z')
  .complain('F', 'F1', '2024-07-01T00:00:00Z', 'service', 'high')
  .register('G', 'S2', '2024-01-01T00:00:00Z').engage('G', 'G-e', 100, '2024-02-01T00:00:00Z')
  .complain('G', 'G1', '2024-03-31T23:00:00Z', 'other', 'medium').resolve('G', 'G1', '2024-04-01T01:00:00Z')
  .register('H', 'S1', '2024-01-01T00:00:00Z').engage('H', 'H-e', 100, '2024-01-01T00:00:00Z')
  .complain('H', 'H1', '2024-05-01T00:00:00Z', 'quality', 'low')
  .reassign('H', 'S3', '2024-05-10T00:00:00Z')
  .resolve('H', 'H1', '2024-05-20T00:00:00Z');
const views = viewsOf(log.events);
const Q2 = period('2024-Q2', '2024-04-01T00:00:00Z', '2024-07-01T00:00:00Z');

describe('complaints report', () => {
  it('2024-Q2: kinds, resolution times, open and overdue at the end, churn after complaining', async () => {
    const report = (await complaintsReport(views, Q2, { overdueDays: 7 }));
    expect(report.period).toEqual({ label: '2024-Q2', start: '2024-04-01T00:00:00.000Z', end: '2024-07-01T00:00:00.000Z' });
    // Filed in P: A2, B1, B2, C1, D1, H1 = 6 (A1, E1, G1 before s; F1 at e).
    // Categories: quality H1, service A2, price B1 B2, staff C1, other D1.
    // Severities: low A2 D1 H1, medium B1 C1, high B2.
    // Resolved in P: A1 312 h, A2 6 h, G1 2 h, H1 456 h = 4, mean 776 / 4 = 194 h (C1 at e is not in P).
    // Open at e: B1, B2, C1, D1, E1 = 5; overdue (filed ≤ 06-24T00:00Z): B1, B2, C1, E1 = 4.
    // Churned after complaining: B and D = 2 (C churned first; E complained before P).
    expect(report.firm).toEqual({
      filed: 6,
      byCategory: { quality: 1, service: 1, price: 2, staff: 1, other: 1 },
      bySeverity: { low: 3, medium: 2, high: 1 },
      resolved: 4,
      meanResolutionHours: 194,
      openAtEnd: 5,
      overdueAtEnd: 4,
      churnedAfterComplaint: 2,
    });
    expect(report.bySalesperson).toEqual([
      // Filed under S1: A2, B1, H1. Resolved under S1: A1 (312 h), A2 (6 h) → mean 159 h. S1 owns
      // none of the open complaints' clients in before(e).
      { salespersonId: 'S1', filed: 3, resolved: 2, meanResolutionHours: 159, openAtEnd: 0, overdueAtEnd: 0 },
      // Filed under S2: B2 (after B's reassignment), C1, D1. Resolved: G1 (2 h). Open at e for the
      // owner in before(e): B1, B2, C1, D1 = 4, of which B1, B2, C1 overdue.
      { salespersonId: 'S2', filed: 3, resolved: 1, meanResolutionHours: 2, openAtEnd: 4, overdueAtEnd: 3 },
      // Resolved under S3: H1 (456 h). Open: E1, overdue.
      { salespersonId: 'S3', filed: 0, resolved: 1, meanResolutionHours: 456, openAtEnd: 1, overdueAtEnd: 1 },
    ]);
  });

  it('--overdue-days moves the overdue line: 0 days makes every open complaint overdue, 60 only the old ones', async () => {
    // N = 0: filed at or before e → all 5 open.
    const none = (await complaintsReport(views, Q2, { overdueDays: 0 }));
    expect([none.firm.openAtEnd, none.firm.overdueAtEnd]).toEqual([5, 5]);
    // N = 60: filed at or before 2024-05-02T00:00Z → B1 (04-20), C1 (04-15), E1 (03-01); B2 and D1 are too recent.
    const sixty = (await complaintsReport(views, Q2, { overdueDays: 60 }));
    expect(sixty.firm.overdueAtEnd).toBe(3);
    expect(sixty.bySalesperson.map((r) => [r.salespersonId, r.overdueAtEnd])).toEqual([['S1', 0], ['S2', 2], ['S3', 1]]);
  });

  it('a period with no complaints: every key present, zero counts, null means', async () => {
    // 2024-01: nothing filed, resolved or open (A1 is filed in March).
    const report = (await complaintsReport(views, period('2024-01', '2024-01-01T00:00:00Z', '2024-02-01T00:00:00Z'), { overdueDays: 7 }));
    expect(report.firm).toEqual({
      filed: 0,
      byCategory: { quality: 0, service: 0, price: 0, staff: 0, other: 0 },
      bySeverity: { low: 0, medium: 0, high: 0 },
      resolved: 0,
      meanResolutionHours: null,
      openAtEnd: 0,
      overdueAtEnd: 0,
      churnedAfterComplaint: 0,
    });
    expect(report.bySalesperson.map((r) => r.salespersonId)).toEqual(['S1', 'S2', 'S3']);
    expect(report.bySalesperson.every((r) => r.filed === 0 && r.meanResolutionHours === null)).toBe(true);
  });

  it('a churn in P before the first complaint in P does not count, even when the client complained earlier too', async () => {
    // March 2024: A1 (03-20) and E1 (03-01) filed, G1 (03-31 23:00) filed; no churn in March → 0.
    // 2024-05: H1 filed 05-01, E churns 05-01 but filed nothing in May → 0.
    expect((await complaintsReport(views, period('2024-03', '2024-03-01T00:00:00Z', '2024-04-01T00:00:00Z'), { overdueDays: 7 })).firm.churnedAfterComplaint).toBe(0);
    expect((await complaintsReport(views, period('2024-05', '2024-05-01T00:00:00Z', '2024-06-01T00:00:00Z'), { overdueDays: 7 })).firm.churnedAfterComplaint).toBe(0);
    // 2024-04-15..2024-06-25: C1 (04-15) and C's churn 04-05 is outside; B1 04-20 then churn 06-01 → 1;
    // D1 and D's churn at 06-24 00:00:00.001 → 2.
    const custom = (await complaintsReport(views, period('2024-04-15..2024-06-25', '2024-04-15T00:00:00Z', '2024-06-25T00:00:00Z'), { overdueDays: 7 }));
    expect(custom.firm.churnedAfterComplaint).toBe(2);
  });
});
