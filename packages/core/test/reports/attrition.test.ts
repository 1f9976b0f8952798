// SPEC §4.2: attrition over P = [s, e), for the firm and by the owner the spec names for each count.
import { describe, expect, it } from 'vitest';
import { attritionReport } from '../../src/reports/attrition/query.js';
import { createLog } from './support/log.js';
import { period, viewsOf } from './support/views.js';

const noChurn = { dissatisfied: 0, competitor: 0, 'negative-value': 0, involuntary: 0, other: 0 };

// P = 2024-Q2 = [2024-04-01, 2024-07-01) UTC. Owners S1, S2; S3 owns nothing.
// A (S1): engaged 01-10; churns (dissatisfied) 04-10, reactivated 05-10 → in S, not lost.
// B (S1): engaged 02-01; churns (competitor) 04-05, reactivated 05-01, churns (negative-value)
//         06-01 → two churn events; lost, but its last churn before e is uncontrollable.
// C (S1 at s): engaged 01-20; reassigned to S2 05-15; churns (other) 06-10 under S2 → lost and
//         controllably lost for S1 (owner in before(s)); its churn event counts for S2.
// D (S2): registered 03-01, acquired 04-20 → acquired by S2, active at the end.
// E (S2): engaged 03-01; reassigned to S1 06-20 → S for S2, activeAtEnd for S1 (owner in before(e)).
// F (S1): churned (competitor) 03-20, before P → nowhere but not active.
// G (S2): acquired exactly at e → not acquired in P, not active in before(e).
// H (S1): acquired exactly at s → acquired in P, not in S.
// I (S2): engaged 01-05; churns (involuntary) exactly at s → in S (before(s) excludes it), lost,
//         not controllable, and its churn is in P.
const log = createLog()
  .salesperson('S1', '2023-12-01T00:00:00Z')
  .salesperson('S2', '2023-12-01T00:00:00Z')
  .salesperson('S3', '2023-12-01T00:00:00Z')
  .register('A', 'S1', '2024-01-01T00:00:00Z').engage('A', 'A1', 100, '2024-01-10T00:00:00Z')
  .register('B', 'S1', '2024-01-01T00:00:00Z').engage('B', 'B1', 100, '2024-02-01T00:00:00Z')
  .register('C', 'S1', '2024-01-01T00:00:00Z').engage('C', 'C1', 100, '2024-01-20T00:00:00Z')
  .register('D', 'S2', '2024-03-01T00:00:00Z')
  .register('E', 'S2', '2024-01-01T00:00:00Z').engage('E', 'E1', 100, '2024-03-01T00:00:00Z')
  .register('F', 'S1', '2024-01-01T00:00:00Z').engage('F', 'F1', 100, '2024-01-02T00:00:00Z')
  .churn('F', 'competitor', '2024-03-20T00:00:00Z')
  .register('H', 'S1', '2024-03-01T00:00:00Z').engage('H', 'H1', 100, '2024-04-01T00:00:00Z')
  .register('I', 'S2', '2024-01-01T00:00:00Z').engage('I', 'I1', 100, '2024-01-05T00:00:00Z')
  .churn('I', 'involuntary', '2024-04-01T00:00:00Z')
  .churn('B', 'competitor', '2024-04-05T00:00:00Z')
  .churn('A', 'dissatisfied', '2024-04-10T00:00:00Z')
  .engage('D', 'D1', 100, '2024-04-20T00:00:00Z')
  .reactivate('B', 'B2', 100, '2024-05-01T00:00:00Z')
  .reactivate('A', 'A2', 100, '2024-05-10T00:00:00Z')
  .reassign('C', 'S2', '2024-05-15T00:00:00Z')
  .churn('B', 'negative-value', '2024-06-01T00:00:00Z')
  .register('G', 'S2', '2024-06-01T00:00:00Z')
  .churn('C', 'other', '2024-06-10T00:00:00Z')
  .reassign('E', 'S1', '2024-06-20T00:00:00Z')
  .engage('G', 'G1', 100, '2024-07-01T00:00:00Z');
const views = viewsOf(log.events);

describe('attrition report', () => {
  it('2024-Q2: churn and reactivation inside P, a double churn, reassignments and boundary instants', async () => {
    const report = (await attritionReport(views, period('2024-Q2', '2024-04-01T00:00:00Z', '2024-07-01T00:00:00Z')));
    expect(report.period).toEqual({ label: '2024-Q2', start: '2024-04-01T00:00:00.000Z', end: '2024-07-01T00:00:00.000Z' });
    // S = {A, B, C (S1), E, I (S2)} = 5. Lost = {B, C, I} = 3 (A came back). Controllable: only C
    // ('other'); B's last churn is negative-value, I's involuntary → 1. Acquired: H (at s), D = 2;
    // G at e is outside. Reactivated: B, A = 2. Churn events: I, B, A, B, C = 5, one per reason.
    // Active in before(e): A, D, E, H = 4. Rates 3/5, 1/5.
    expect(report.firm).toEqual({
      activeAtStart: 5,
      acquired: 2,
      reactivated: 2,
      churnEvents: 5,
      churnedByReason: { dissatisfied: 1, competitor: 1, 'negative-value': 1, involuntary: 1, other: 1 },
      lost: 3,
      controllableLost: 1,
      activeAtEnd: 4,
      attritionRate: 3 / 5,
      controllableAttritionRate: 1 / 5,
    });
    expect(report.bySalesperson).toEqual([
      {
        // S: A, B, C. Lost: B, C (C is S1's loss although S2 owned it when it churned).
        // Acquired: H. Reactivated: A, B. Churn events when owned by S1: B twice, A.
        // Active at the end under S1 in before(e): A, H, and E (reassigned to S1 06-20).
        salespersonId: 'S1',
        activeAtStart: 3,
        acquired: 1,
        reactivated: 2,
        churnEvents: 3,
        churnedByReason: { ...noChurn, dissatisfied: 1, competitor: 1, 'negative-value': 1 },
        lost: 2,
        controllableLost: 1,
        activeAtEnd: 3,
        attritionRate: 2 / 3,
        controllableAttritionRate: 1 / 3,
      },
      {
        // S: E, I. Lost: I (involuntary). Acquired: D. Churn events: I, and C (owned by S2 at 06-10).
        // Active at the end: D.
        salespersonId: 'S2',
        activeAtStart: 2,
        acquired: 1,
        reactivated: 0,
        churnEvents: 2,
        churnedByReason: { ...noChurn, involuntary: 1, other: 1 },
        lost: 1,
        controllableLost: 0,
        activeAtEnd: 1,
        attritionRate: 1 / 2,
        controllableAttritionRate: 0,
      },
      {
        salespersonId: 'S3',
        activeAtStart: 0, acquired: 0, reactivated: 0, churnEvents: 0, churnedByReason: noChurn,
        lost: 0, controllableLost: 0, activeAtEnd: 0, attritionRate: null, controllableAttritionRate: null,
      },
    ]);
  });

  it('a custom period whose end falls exactly on a reactivation counts the client as lost', async () => {
    // P = [04-10, 05-10). S = before(04-10) engaged: A (its churn is at s), C, H (S1), E (S2) = 4.
    // before(05-10): A is churned (its reactivation is at e) → lost, controllably (dissatisfied).
    // Acquired: D (04-20). Reactivated: B (05-01). Churn events: A at s = 1.
    // Active in before(e): B, C, D, E, H = 5 (S1: B, C, H; S2: D, E).
    const report = (await attritionReport(views, period('2024-04-10..2024-05-10', '2024-04-10T00:00:00Z', '2024-05-10T00:00:00Z')));
    expect(report.firm).toEqual({
      activeAtStart: 4, acquired: 1, reactivated: 1, churnEvents: 1,
      churnedByReason: { ...noChurn, dissatisfied: 1 },
      lost: 1, controllableLost: 1, activeAtEnd: 5, attritionRate: 1 / 4, controllableAttritionRate: 1 / 4,
    });
    const [s1, s2] = report.bySalesperson;
    expect(s1).toMatchObject({ activeAtStart: 3, lost: 1, controllableLost: 1, activeAtEnd: 3, reactivated: 1, attritionRate: 1 / 3 });
    expect(s2).toMatchObject({ activeAtStart: 1, lost: 0, acquired: 1, activeAtEnd: 2, attritionRate: 0 });
  });

  it('a period with no active client at its start has null rates', async () => {
    // 2023: nothing active before 2023-01-01, nothing happens in it → everything 0, rates null.
    const report = (await attritionReport(views, period('2023', '2023-01-01T00:00:00Z', '2024-01-01T00:00:00Z')));
    expect(report.firm).toEqual({
      activeAtStart: 0, acquired: 0, reactivated: 0, churnEvents: 0, churnedByReason: noChurn,
      lost: 0, controllableLost: 0, activeAtEnd: 0, attritionRate: null, controllableAttritionRate: null,
    });
    expect(report.bySalesperson.map((r) => r.salespersonId)).toEqual(['S1', 'S2', 'S3']);
  });

  it('a year: everyone acquired inside it, so rates are null although clients were lost', async () => {
    // 2024: S is empty; acquired A, B, C, E, F, H, I, D = 8 (G at 2024-07-01 is also in 2024 → 9).
    const report = (await attritionReport(views, period('2024', '2024-01-01T00:00:00Z', '2025-01-01T00:00:00Z')));
    expect(report.firm).toMatchObject({ activeAtStart: 0, acquired: 9, lost: 0, attritionRate: null, churnEvents: 6 });
  });
});
