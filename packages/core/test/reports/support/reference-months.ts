// The naive reference, continued: the reports that read plans and months (SPEC §4.3 in UTC, §4.6
// in any zone, through luxon rather than the library's calendar).
import { DateTime } from 'luxon';
import type { ProjectedEvent } from '../../../src/projections/projection.js';
import { beforeT, isoOf, rate, refTallies, salespeopleIds, walk } from './reference.js';

/** UTC months 'YYYY-MM' whose first instant lies in [s, e). */
const utcMonthsStartingIn = (s: number, e: number): string[] => {
  const out: string[] = [];
  const d = new Date(s);
  let y = d.getUTCFullYear();
  let m = d.getUTCMonth();
  for (;;) {
    const first = Date.UTC(y, m, 1);
    if (first >= e) return out;
    if (first >= s) out.push(`${y}-${String(m + 1).padStart(2, '0')}`);
    m++;
    if (m === 12) { m = 0; y++; }
  }
};

export const refKpis = (events: readonly ProjectedEvent[], period: { label: string; start: number; end: number }) => {
  const { start: s, end: e } = period;
  const { per } = refTallies(events, s, e);
  const plans = new Map<string, Map<string, { nc: number; nb: number }>>();
  const visitPlans = new Map<string, Map<string, number>>();
  for (const ev of events) {
    const x = ev.event;
    if (x.type === 'AnnualPlanSet') {
      const p = plans.get(x.data.salespersonId) ?? new Map();
      p.set(String(x.data.year), { nc: x.data.newClientsTarget, nb: x.data.newBusinessTarget });
      plans.set(x.data.salespersonId, p);
    }
    if (x.type === 'VisitPlanSet') {
      const p = visitPlans.get(x.data.salespersonId) ?? new Map();
      p.set(x.data.month, x.data.plannedVisits);
      visitPlans.set(x.data.salespersonId, p);
    }
  }
  const months = utcMonthsStartingIn(s, e);
  const inP = (t: number) => t >= s && t < e;
  return {
    period: { label: period.label, start: isoOf(s), end: isoOf(e) },
    salespeople: salespeopleIds(events).map((id) => {
      let contacts = 0, visits = 0, newClients = 0, newBusiness = 0, complaints = 0, resolved = 0, resolutionMs = 0, winBacks = 0;
      const filed = new Map<string, number>();
      walk(events, (ev, before) => {
        const x = ev.event;
        if (x.type === 'ClientComplained') filed.set(`${x.data.clientId}/${x.data.complaintId}`, ev.occurredAt);
        if (!inP(ev.occurredAt) || before === undefined) return;
        const mine = before.ownerId === id;
        if (x.type === 'ClientContacted' && x.data.salespersonId === id) { contacts++; if (x.data.channel === 'visit') visits++; }
        if (x.type === 'ClientEngaged' && mine) { newBusiness += x.data.fee; if (before.stage !== 'engaged') newClients++; }
        if (x.type === 'ClientReactivated' && mine) { newBusiness += x.data.fee; winBacks++; }
        if (x.type === 'ClientComplained' && mine) complaints++;
        if (x.type === 'ComplaintResolved' && mine) { resolved++; resolutionMs += ev.occurredAt - filed.get(`${x.data.clientId}/${x.data.complaintId}`)!; }
      });
      const plannedVisits = months.reduce((sum, m) => sum + (visitPlans.get(id)?.get(m) ?? 0), 0);
      const target = (pick: (p: { nc: number; nb: number }) => number): number | null => {
        let total: number | null = null;
        for (const year of [...new Set(months.map((m) => m.slice(0, 4)))]) {
          const plan = plans.get(id)?.get(year);
          if (plan !== undefined) total = (total ?? 0) + (pick(plan) * months.filter((m) => m.startsWith(year)).length) / 12;
        }
        return total;
      };
      const nct = target((p) => p.nc);
      const nbt = target((p) => p.nb);
      const t = per.get(id)!;
      return {
        salespersonId: id, contacts, visits, plannedVisits, visitPlanCompletion: rate(visits, plannedVisits),
        newClients, newClientsTarget: nct, newClientsAttainment: nct === null ? null : rate(newClients, nct),
        newBusiness, newBusinessTarget: nbt, newBusinessAttainment: nbt === null ? null : rate(newBusiness, nbt),
        complaints, complaintsResolved: resolved, meanResolutionHours: resolved === 0 ? null : resolutionMs / resolved / 3_600_000,
        winBacks, activeAtStart: t.activeAtStart, lost: t.lost, controllableLost: t.controllableLost,
        attritionRate: rate(t.lost, t.activeAtStart), controllableAttritionRate: rate(t.controllableLost, t.activeAtStart),
        activeAtEnd: t.activeAtEnd,
      };
    }),
  };
};

export const refCohorts = (events: readonly ProjectedEvent[], zone = 'UTC') => {
  if (events.length === 0) return { cohorts: [] };
  const month = (t: number) => DateTime.fromMillis(t, { zone }).toFormat('yyyy-MM');
  const last = month(Math.max(...events.map((e) => e.occurredAt)));
  const cohortOf = new Map<string, string>();
  walk(events, (ev, before) => {
    if (ev.event.type === 'ClientEngaged' && before !== undefined && before.stage !== 'engaged') {
      cohortOf.set(ev.event.data.clientId, month(ev.occurredAt));
    }
  });
  const cohorts = [...new Set(cohortOf.values())].sort();
  return {
    cohorts: cohorts.map((cohort) => {
      const members = [...cohortOf].filter(([, c]) => c === cohort).map(([id]) => id);
      const retention: number[] = [];
      let [y, m] = cohort.split('-').map(Number) as [number, number];
      for (let k = 0; ; k++) {
        const label = `${y}-${String(m).padStart(2, '0')}`;
        if (label > last) break;
        // m is 1-based, so this is the first moment of the next month's first local day.
        const endOfMonth = DateTime.fromObject({ year: y, month: m, day: 1 }, { zone }).plus({ months: 1 }).toMillis();
        const state = beforeT(events, endOfMonth);
        retention.push(members.filter((id) => state.get(id)?.stage === 'engaged').length / members.length);
        m++;
        if (m === 13) { m = 1; y++; }
      }
      return { cohort, size: members.length, retention };
    }),
  };
};
