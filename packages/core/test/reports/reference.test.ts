// The reports over the projections equal a naive reference that refolds the raw events for every
// cut (test/support/reference.ts), on random valid logs, at instants chosen to hit event instants,
// one millisecond either side of them, and month starts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attritionReport } from '../../src/reports/attrition/query.js';
import { cohortReport } from '../../src/reports/cohorts/query.js';
import { complaintsReport } from '../../src/reports/complaints/query.js';
import { kpiReport } from '../../src/reports/kpis/query.js';
import { lifecycleReport } from '../../src/reports/lifecycle/query.js';
import { segmentsReport } from '../../src/reports/segments/query.js';
import { winbackReport } from '../../src/reports/winback/query.js';
import { viewsOf } from './support/views.js';
import { arbitraryLog, instantsOf } from './support/random-log.js';
import { refCohorts, refKpis } from './support/reference-months.js';
import { refAttrition, refComplaints, refLifecycle, refSegments, refWinback } from './support/reference.js';

const picks = fc.array(fc.nat(), { minLength: 4, maxLength: 4 });
const RUNS = { numRuns: 120 };

const cuts = (instants: number[], [a, b, c, d]: number[]) => {
  const at = (n: number) => instants[n % instants.length]!;
  const [s, e] = [at(a!), at(b!)].sort((x, y) => x - y) as [number, number];
  return { t: at(c!), period: { label: 'P', start: s, end: e === s ? s + 1 : e }, limit: d! % 5 };
};

describe('reports equal the naive reference', () => {
  it('lifecycle (§4.1)', async () => {
    await fc.assert(fc.asyncProperty(arbitraryLog(), picks, async (log, p) => {
      const { t } = cuts(instantsOf(log), p);
      expect((await lifecycleReport(viewsOf(log.events), t))).toEqual(refLifecycle(log.events, t));
    }), RUNS);
  });

  it('attrition (§4.2)', async () => {
    await fc.assert(fc.asyncProperty(arbitraryLog(), picks, async (log, p) => {
      const { period } = cuts(instantsOf(log), p);
      expect((await attritionReport(viewsOf(log.events), period))).toEqual(refAttrition(log.events, period));
    }), RUNS);
  });

  it('complaints (§4.8), with the default and a chosen --overdue-days', async () => {
    await fc.assert(fc.asyncProperty(arbitraryLog(), picks, async (log, p) => {
      const { period, limit } = cuts(instantsOf(log), p);
      const views = viewsOf(log.events);
      expect((await complaintsReport(views, period, { overdueDays: 7 }))).toEqual(refComplaints(log.events, period));
      // limit is 0–4: 0 days puts the overdue line at e itself.
      expect((await complaintsReport(views, period, { overdueDays: limit * 30 }))).toEqual(refComplaints(log.events, period, limit * 30));
    }), RUNS);
  });

  it('win-back (§4.4), with and without --all and --limit', async () => {
    await fc.assert(fc.asyncProperty(arbitraryLog(), picks, fc.boolean(), async (log, p, all) => {
      const { t, limit } = cuts(instantsOf(log), p);
      const views = viewsOf(log.events);
      expect((await winbackReport(views, t, { all }))).toEqual(refWinback(log.events, t, all));
      expect((await winbackReport(views, t, { all, limit }))).toEqual(refWinback(log.events, t, all, limit));
    }), RUNS);
  });

  it('segments (§4.5)', async () => {
    await fc.assert(fc.asyncProperty(arbitraryLog(), picks, async (log, p) => {
      const { t } = cuts(instantsOf(log), p);
      expect((await segmentsReport(viewsOf(log.events), t, { keyAccountThreshold: 25_000_000 })))
        .toEqual(refSegments(log.events, t, 25_000_000));
    }), RUNS);
  });

  it('KPIs (§4.3), UTC', async () => {
    await fc.assert(fc.asyncProperty(arbitraryLog(), picks, async (log, p) => {
      const { period } = cuts(instantsOf(log), p);
      expect((await kpiReport(viewsOf(log.events), period, 'UTC'))).toEqual(refKpis(log.events, period));
    }), RUNS);
  });

  it('cohorts (§4.6), UTC', async () => {
    await fc.assert(fc.asyncProperty(arbitraryLog(), async (log) => {
      expect((await cohortReport(viewsOf(log.events), { zone: 'UTC' }))).toEqual(refCohorts(log.events));
    }), RUNS);
  });

  it('cohorts (§4.6), in zones east and west of UTC', async () => {
    const zones = fc.constantFrom('Asia/Shanghai', 'America/New_York', 'Pacific/Kiritimati', 'America/St_Johns');
    await fc.assert(fc.asyncProperty(arbitraryLog(), zones, async (log, zone) => {
      expect((await cohortReport(viewsOf(log.events), { zone }))).toEqual(refCohorts(log.events, zone));
    }), RUNS);
  });
});
