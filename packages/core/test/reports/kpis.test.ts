// SPEC §4.3: salesperson KPIs, with plans read by the months whose first day lies in P.
import { parsePeriod } from '../../src/domain/time/period.js';
import { isRight } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { kpiReport } from '../../src/reports/kpis/query.js';
import { createLog } from './support/log.js';
import { period, viewsOf } from './support/views.js';

// S1's plans: 2024 set to (12 clients, 1,200,000) then replaced on 06-15 by (24, 2,400,000) — the
// latest in the log wins for every period; 2025: (6, 600,000). Visit plans: 2024-03 set twice
// (latest 6), 04: 5, 05: 5, 11: 7, 12: 3, 2025-01: 4, 2025-02: 2. S2 has no plans.
// C5 (S1): engaged 02-01; complaint filed 03-30, resolved 04-02 (72 h); churns 05-10,
//          reactivated 06-10 for 50,000 (a win-back).
// C1 (S1): visit at 2024-03-31T23:59:59.999Z (April 1st in Shanghai), visit 04-02, call 04-03;
//          acquired 04-10 for 300,000; complaint 04-15 resolved 04-16 12:00 (36 h); repeat 06-01 200,000.
// C4 (S1): acquired 05-01 for 100,000.
// C2 (S2): engaged 01-15; call 04-20 by its owner S2; visit 05-05 by S1 (S1's contact);
//          reassigned to S1 05-20; churns (dissatisfied) 06-05 → S2's loss (owner in before(s)).
// C3 (S1): visit exactly at 2024-07-01 (outside Q2).
// C6 (S1): visit 2024-11-20; acquired 2025-01-10 for 120,000.
const log = createLog()
  .salesperson('S1', '2023-12-01T00:00:00Z')
  .salesperson('S2', '2023-12-01T00:00:00Z')
  .annualPlan('S1', 2024, 12, 1_200_000, '2024-01-01T00:00:00Z')
  .annualPlan('S1', 2025, 6, 600_000, '2024-01-01T00:00:00Z')
  .visitPlan('S1', '2024-03', 4, '2024-01-01T00:00:00Z')
  .visitPlan('S1', '2024-03', 6, '2024-02-01T00:00:00Z')
  .visitPlan('S1', '2024-04', 5, '2024-02-01T00:00:00Z')
  .visitPlan('S1', '2024-05', 5, '2024-02-01T00:00:00Z')
  .visitPlan('S1', '2024-11', 7, '2024-02-01T00:00:00Z')
  .visitPlan('S1', '2024-12', 3, '2024-02-01T00:00:00Z')
  .visitPlan('S1', '2025-01', 4, '2024-02-01T00:00:00Z')
  .visitPlan('S1', '2025-02', 2, '2024-02-01T00:00:00Z')
  .register('C2', 'S2', '2024-01-02T00:00:00Z').engage('C2', 'E1', 1_000, '2024-01-15T00:00:00Z')
  .register('C5', 'S1', '2024-01-05T00:00:00Z').engage('C5', 'E1', 400_000, '2024-02-01T00:00:00Z')
  .complain('C5', 'K1', '2024-03-30T00:00:00Z')
  .register('C1', 'S1', '2024-03-25T00:00:00Z')
  .contact('C1', 'visit', '2024-03-31T23:59:59.999Z')
  .resolve('C5', 'K1', '2024-04-02T00:00:00Z')
  .contact('C1', 'visit', '2024-04-02T00:00:00Z')
  .contact('C1', 'call', '2024-04-03T00:00:00Z')
  .engage('C1', 'E1', 300_000, '2024-04-10T00:00:00Z')
  .complain('C1', 'K1', '2024-04-15T00:00:00Z')
  .resolve('C1', 'K1', '2024-04-16T12:00:00Z')
  .contact('C2', 'call', '2024-04-20T00:00:00Z')
  .register('C4', 'S1', '2024-04-20T00:00:00Z').engage('C4', 'E1', 100_000, '2024-05-01T00:00:00Z')
  .contact('C2', 'visit', '2024-05-05T00:00:00Z', 'S1')
  .churn('C5', 'competitor', '2024-05-10T00:00:00Z')
  .reassign('C2', 'S1', '2024-05-20T00:00:00Z')
  .engage('C1', 'E2', 200_000, '2024-06-01T00:00:00Z')
  .churn('C2', 'dissatisfied', '2024-06-05T00:00:00Z')
  .reactivate('C5', 'E2', 50_000, '2024-06-10T00:00:00Z')
  .annualPlan('S1', 2024, 24, 2_400_000, '2024-06-15T00:00:00Z')
  .register('C3', 'S1', '2024-06-25T00:00:00Z').contact('C3', 'visit', '2024-07-01T00:00:00Z')
  .register('C6', 'S1', '2024-11-01T00:00:00Z').contact('C6', 'visit', '2024-11-20T00:00:00Z')
  .engage('C6', 'E1', 120_000, '2025-01-10T00:00:00Z');
const views = viewsOf(log.events);

const KEYS = [
  'salespersonId', 'contacts', 'visits', 'plannedVisits', 'visitPlanCompletion', 'newClients', 'newClientsTarget',
  'newClientsAttainment', 'newBusiness', 'newBusinessTarget', 'newBusinessAttainment', 'complaints',
  'complaintsResolved', 'meanResolutionHours', 'winBacks', 'activeAtStart', 'lost', 'controllableLost',
  'attritionRate', 'controllableAttritionRate', 'activeAtEnd',
];

const S2_IDLE = {
  salespersonId: 'S2', contacts: 0, visits: 0, plannedVisits: 0, visitPlanCompletion: null, newClients: 0,
  newClientsTarget: null, newClientsAttainment: null, newBusiness: 0, newBusinessTarget: null,
  newBusinessAttainment: null, complaints: 0, complaintsResolved: 0, meanResolutionHours: null, winBacks: 0,
};

describe('KPI report', () => {
  it('2024-Q2 in UTC', async () => {
    const report = (await kpiReport(views, period('2024-Q2', '2024-04-01T00:00:00Z', '2024-07-01T00:00:00Z'), 'UTC'));
    expect(report.period).toEqual({ label: '2024-Q2', start: '2024-04-01T00:00:00.000Z', end: '2024-07-01T00:00:00.000Z' });
    expect(report.salespeople).toEqual([
      {
        salespersonId: 'S1',
        // C1 04-02 visit, C1 04-03 call, C2 05-05 visit (S1 contacting S2's client); not 03-31 or 07-01.
        contacts: 3,
        visits: 2,
        plannedVisits: 10, // April 5 + May 5 + June (no plan) 0
        visitPlanCompletion: 2 / 10,
        newClients: 2, // C1 04-10, C4 05-01
        newClientsTarget: 6, // the latest 2024 plan, 24 × 3 months / 12
        newClientsAttainment: 2 / 6,
        newBusiness: 650_000, // 300,000 + 100,000 + 200,000 (repeat) + 50,000 (reactivation)
        newBusinessTarget: 600_000, // 2,400,000 × 3 / 12
        newBusinessAttainment: 650_000 / 600_000,
        complaints: 1, // C1's; C5's was filed 03-30
        complaintsResolved: 2, // C5's (72 h) and C1's (36 h)
        meanResolutionHours: 54,
        winBacks: 1, // C5
        activeAtStart: 1, // C5 (C2 was S2's at s)
        lost: 0, // C5 churned and came back
        controllableLost: 0,
        attritionRate: 0,
        controllableAttritionRate: 0,
        activeAtEnd: 3, // C1, C4, C5
      },
      {
        ...S2_IDLE,
        contacts: 1, // the 04-20 call on C2
        // C2 was S2's in before(s); churned (dissatisfied) under S1, still S2's loss.
        activeAtStart: 1, lost: 1, controllableLost: 1, attritionRate: 1, controllableAttritionRate: 1, activeAtEnd: 0,
      },
    ]);
    expect(Object.keys(report.salespeople[0]!)).toEqual(KEYS);
  });

  it('a custom period across two plan years counts visits by day and plans by month', async () => {
    // [2024-11-15, 2025-02-15): months whose first day lies in it: 2024-12, 2025-01, 2025-02.
    // Planned visits 3 + 4 + 2 = 9 (November's 7 is not counted); the 11-20 visit is.
    // newClientsTarget = 24 × 1/12 + 6 × 2/12 = 2 + 1 = 3; newBusinessTarget = 200,000 + 100,000.
    // C6 acquired 2025-01-10 for 120,000. S = C1, C4, C5 (C2 churned); at the end also C6.
    const report = (await kpiReport(views, period('2024-11-15..2025-02-15', '2024-11-15T00:00:00Z', '2025-02-15T00:00:00Z'), 'UTC'));
    expect(report.salespeople[0]).toEqual({
      salespersonId: 'S1', contacts: 1, visits: 1, plannedVisits: 9, visitPlanCompletion: 1 / 9,
      newClients: 1, newClientsTarget: 3, newClientsAttainment: 1 / 3,
      newBusiness: 120_000, newBusinessTarget: 300_000, newBusinessAttainment: 120_000 / 300_000,
      complaints: 0, complaintsResolved: 0, meanResolutionHours: null, winBacks: 0,
      activeAtStart: 3, lost: 0, controllableLost: 0, attritionRate: 0, controllableAttritionRate: 0, activeAtEnd: 4,
    });
  });

  it('targets are null when no planned year has a counted month', async () => {
    // No month starts in [06-02, 06-30); 2023 has no plan.
    for (const p of [
      period('2024-06-02..2024-06-30', '2024-06-02T00:00:00Z', '2024-06-30T00:00:00Z'),
      period('2023', '2023-01-01T00:00:00Z', '2024-01-01T00:00:00Z'),
    ]) {
      expect((await kpiReport(views, p, 'UTC')).salespeople[0]).toMatchObject({
        plannedVisits: 0, visitPlanCompletion: null, newClientsTarget: null, newClientsAttainment: null,
        newBusinessTarget: null, newBusinessAttainment: null,
      });
    }
  });

  it('a year: the target is the whole latest plan, even though it was replaced mid-year', async () => {
    const s1 = (await kpiReport(views, period('2024', '2024-01-01T00:00:00Z', '2025-01-01T00:00:00Z'), 'UTC')).salespeople[0]!;
    // C5, C1, C4 acquired in 2024 (C6 in 2025) against 24; C2 was acquired under S2.
    expect(s1).toMatchObject({ newClients: 3, newClientsTarget: 24, newClientsAttainment: 3 / 24, newBusinessTarget: 2_400_000 });
    // Planned visits 6 (March, latest) + 5 + 5 + 7 + 3 = 26.
    expect(s1.plannedVisits).toBe(26);
  });

  it('April in Asia/Shanghai: the month runs from 2024-03-31T16:00Z to 2024-04-30T16:00Z', async () => {
    const parsed = parsePeriod('2024-04', 'Asia/Shanghai');
    if (!isRight(parsed)) throw new Error(parsed.left);
    const report = (await kpiReport(views, parsed.right, 'Asia/Shanghai'));
    expect(report.period).toEqual({ label: '2024-04', start: '2024-03-31T16:00:00.000Z', end: '2024-04-30T16:00:00.000Z' });
    // Contacts: the 03-31T23:59:59.999Z visit (local April 1st, kept in the UTC-March bucket),
    // 04-02 visit, 04-03 call. Plan: April 5 → 2 / 5. Target 24 / 12 = 2 clients, 200,000.
    // C1 acquired for 300,000. Resolutions: C5's and C1's, (72 + 36) / 2 = 54 h.
    expect(report.salespeople[0]).toMatchObject({
      contacts: 3, visits: 2, plannedVisits: 5, visitPlanCompletion: 0.4,
      newClients: 1, newClientsTarget: 2, newClientsAttainment: 0.5,
      newBusiness: 300_000, newBusinessTarget: 200_000, newBusinessAttainment: 1.5,
      complaints: 1, complaintsResolved: 2, meanResolutionHours: 54,
    });
  });
});
