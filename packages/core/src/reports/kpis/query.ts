// Salesperson KPIs (SPEC §4.3): activity, plan attainment, complaints and attrition per salesperson.
import { monthsStartingIn } from '../../domain/time/calendar.js';
import { type Period } from '../../domain/time/period.js';
import { tallyAttrition, emptyTally } from '../attrition/tally.js';
import type { ClientDoc } from '../../projections/clients/documents.js';
import {
  complaintCount,
  complaintFiledAt,
  complaintFiledOwner,
  complaintResolvedAt,
  complaintResolvedOwner,
  feeKind,
  feeOf,
  feeOwner,
  feesFrom,
} from '../../projections/clients/timeline.js';
import { periodJson, ratio, type PeriodJson, type ReportSource } from '../report-views.js';
import { countContacts } from '../../projections/salespeople/contacts.js';
import type { AnnualPlan, SalespersonDoc } from '../../projections/salespeople/documents.js';

/** Keys in the order SPEC §4.3 lists them. */
export interface KpiRow {
  readonly salespersonId: string;
  readonly contacts: number;
  readonly visits: number;
  readonly plannedVisits: number;
  readonly visitPlanCompletion: number | null;
  readonly newClients: number;
  readonly newClientsTarget: number | null;
  readonly newClientsAttainment: number | null;
  readonly newBusiness: number;
  readonly newBusinessTarget: number | null;
  readonly newBusinessAttainment: number | null;
  readonly complaints: number;
  readonly complaintsResolved: number;
  readonly meanResolutionHours: number | null;
  readonly winBacks: number;
  readonly activeAtStart: number;
  readonly lost: number;
  readonly controllableLost: number;
  readonly attritionRate: number | null;
  readonly controllableAttritionRate: number | null;
  readonly activeAtEnd: number;
}

export interface KpiReport {
  readonly period: PeriodJson;
  readonly salespeople: readonly KpiRow[];
}

const HOUR_MS = 3_600_000;

/** What a salesperson's clients did in P, by the owner when each event occurred. */
interface ClientResults {
  newClients: number;
  newBusiness: number;
  complaints: number;
  complaintsResolved: number;
  resolutionMs: number;
  winBacks: number;
}

const emptyResults = (): ClientResults => ({
  newClients: 0, newBusiness: 0, complaints: 0, complaintsResolved: 0, resolutionMs: 0, winBacks: 0,
});

/** Counts clients in one at a time; `byOwner` holds the results so far. */
const resultsByOwner = (start: number, end: number) => {
  const byOwner = new Map<string, ClientResults>();
  const of = (ownerId: string): ClientResults => {
    let r = byOwner.get(ownerId);
    if (r === undefined) byOwner.set(ownerId, (r = emptyResults()));
    return r;
  };
  const add = (doc: ClientDoc): void => {
    for (let i = feesFrom(doc, start), to = feesFrom(doc, end); i < to; i++) {
      const r = of(feeOwner(doc, i));
      r.newBusiness += feeOf(doc, i);
      const kind = feeKind(doc, i);
      if (kind === 'acquisition') r.newClients++;
      if (kind === 'reactivation') r.winBacks++;
    }
    for (let i = 0, n = complaintCount(doc); i < n; i++) {
      const filedAt = complaintFiledAt(doc, i);
      if (filedAt >= start && filedAt < end) of(complaintFiledOwner(doc, i)).complaints++;
      const resolvedAt = complaintResolvedAt(doc, i);
      const resolvedOwnerId = complaintResolvedOwner(doc, i);
      if (resolvedAt !== null && resolvedOwnerId !== null && resolvedAt >= start && resolvedAt < end) {
        const r = of(resolvedOwnerId);
        r.complaintsResolved++;
        r.resolutionMs += resolvedAt - filedAt;
      }
    }
  };
  return { byOwner, add };
};

/**
 * Σ over planned years of target × (months of P counted in that year) / 12, in year order; null when
 * no planned year has a counted month.
 */
const proratedTarget = (
  countedByYear: ReadonlyMap<string, number>,
  plans: Readonly<Record<string, AnnualPlan>>,
  pick: (plan: AnnualPlan) => number,
): number | null => {
  let target: number | null = null;
  for (const [year, months] of countedByYear) {
    const plan = plans[year];
    if (plan !== undefined) target = (target ?? 0) + (pick(plan) * months) / 12;
  }
  return target;
};

const attainment = (actual: number, target: number | null): number | null =>
  target === null || target === 0 ? null : actual / target;

const plannedVisitsIn = (doc: SalespersonDoc, months: readonly string[]): number =>
  months.reduce((sum, month) => sum + (doc.visitPlans[month] ?? 0), 0);

export const kpiReport = async (source: ReportSource, period: Period, zone: string): Promise<KpiReport> => {
  const { start, end } = period;
  const months = monthsStartingIn(start, end, zone);
  const countedByYear = new Map<string, number>();
  for (const month of months) {
    const year = month.slice(0, 4);
    countedByYear.set(year, (countedByYear.get(year) ?? 0) + 1);
  }
  const tally = tallyAttrition(start, end);
  const clientResults = resultsByOwner(start, end);
  for await (const page of source.clients()) for (const doc of page) {
    tally.add(doc);
    clientResults.add(doc);
  }
  const attrition = tally.byOwner;
  const results = clientResults.byOwner;

  const rows: KpiRow[] = [];
  for (const doc of await source.salespeople()) {
    const { salespersonId } = doc;
    const { contacts, visits } = countContacts(await source.contacts(salespersonId, start, end), salespersonId, start, end);
    const plannedVisits = plannedVisitsIn(doc, months);
    const r = results.get(salespersonId) ?? emptyResults();
    const a = attrition.get(salespersonId) ?? emptyTally();
    const newClientsTarget = proratedTarget(countedByYear, doc.annualPlans, (p) => p.newClientsTarget);
    const newBusinessTarget = proratedTarget(countedByYear, doc.annualPlans, (p) => p.newBusinessTarget);
    rows.push({
      salespersonId,
      contacts,
      visits,
      plannedVisits,
      visitPlanCompletion: ratio(visits, plannedVisits),
      newClients: r.newClients,
      newClientsTarget,
      newClientsAttainment: attainment(r.newClients, newClientsTarget),
      newBusiness: r.newBusiness,
      newBusinessTarget,
      newBusinessAttainment: attainment(r.newBusiness, newBusinessTarget),
      complaints: r.complaints,
      complaintsResolved: r.complaintsResolved,
      meanResolutionHours: r.complaintsResolved === 0 ? null : r.resolutionMs / r.complaintsResolved / HOUR_MS,
      winBacks: r.winBacks,
      activeAtStart: a.activeAtStart,
      lost: a.lost,
      controllableLost: a.controllableLost,
      attritionRate: ratio(a.lost, a.activeAtStart),
      controllableAttritionRate: ratio(a.controllableLost, a.activeAtStart),
      activeAtEnd: a.activeAtEnd,
    });
  }
  return { period: periodJson(period), salespeople: rows };
};
