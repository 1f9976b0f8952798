// The firm's and the salespeople's own streams: the firm's settings, each salesperson's
// registration, an annual plan per year and a visit plan per month. Annual targets are set near what
// the salesperson and the team actually achieve, so attainment in the KPI report lands around 100%.
import { MINUTE, YEAR, dayOf, firstDayOfMonth, formatMonth, instantOf, workdayOnOrAfter, workdayOnOrBefore } from './calendar.js';
import type { Random } from './random.js';
import type { Salesperson } from './roster.js';
import type { Draft, World } from './world.js';

export interface Stream {
  readonly name: string;
  readonly drafts: readonly Draft[];
}

export const KEY_ACCOUNT_THRESHOLD = 20_000_000;

export const firmStream = (world: World, timeZone: string): Stream => ({
  name: 'firm',
  drafts: [{ at: world.start, type: 'ConfigureFirm', actor: 'admin', fields: { timeZone, keyAccountThreshold: KEY_ACCOUNT_THRESHOLD } }],
});

interface YearAtFirm {
  readonly salesperson: Salesperson;
  readonly year: number;
  /** When the plan is set: the first working morning of the year, or their first day. */
  readonly at: number;
  /** Months at the firm that year, within the history. */
  readonly months: number;
  readonly cell: number;
}

const yearsAtFirm = (world: World): YearAtFirm[] => {
  const years: YearAtFirm[] = [];
  for (const salesperson of world.roster) {
    for (let y = 0; y < world.calendarYears; y++) {
      const year = world.firstYear + y;
      const lo = Math.max(instantOf(dayOf(year, 1, 1), 0), salesperson.hiredAt, world.start);
      const hi = Math.min(instantOf(dayOf(year + 1, 1, 1), 0), salesperson.leftAt ?? Infinity, world.end);
      const at = Math.max(instantOf(workdayOnOrAfter(dayOf(year, 1, 1)), 10 * 60), salesperson.hiredAt + 10 * MINUTE, world.start + 40 * MINUTE);
      if (hi > lo && at < hi) years.push({ salesperson, year, at, months: ((hi - lo) * 12) / YEAR, cell: salesperson.index * world.calendarYears + y });
    }
  }
  return years;
};

/** Mostly their own pace, partly the team's, over a full year, with some ambition or caution mixed in. */
const target = (random: Random, own: number, months: number, teamPerMonth: number, ownShare: number, unit: number): number =>
  Math.round(((((own * 12) / Math.max(months, 1)) * ownShare + teamPerMonth * 12 * (1 - ownShare)) * random.between(0.8, 1.2)) / unit) * unit;

const annualPlans = (world: World, random: Random): Map<Salesperson, Draft[]> => {
  const years = yearsAtFirm(world);
  let months = 0;
  let acquisitions = 0;
  let business = 0;
  for (const y of years) {
    months += y.months;
    acquisitions += world.acquisitions[y.cell] ?? 0;
    business += world.business[y.cell] ?? 0;
  }
  const plans = new Map<Salesperson, Draft[]>();
  for (const y of years) {
    const newClientsTarget = Math.max(1, target(random, world.acquisitions[y.cell] ?? 0, y.months, acquisitions / months, 0.6, 1));
    const newBusinessTarget = target(random, world.business[y.cell] ?? 0, y.months, business / months, 0.85, 1_000_000);
    const drafts = plans.get(y.salesperson) ?? [];
    drafts.push({ at: y.at, type: 'SetAnnualPlan', actor: 'backoffice', fields: { salespersonId: y.salesperson.id, year: y.year, newClientsTarget, newBusinessTarget } });
    plans.set(y.salesperson, drafts);
  }
  return plans;
};

/** The plan for a month is set on the last afternoon of the month before (or on a new hire's first day). */
const visitPlanAt = (world: World, random: Random, salesperson: Salesperson, m: number): number => {
  const monthStart = instantOf(firstDayOfMonth(world.firstMonth + m), 0);
  const dayBefore = workdayOnOrBefore(firstDayOfMonth(world.firstMonth + m) - 1);
  const usual = salesperson.hiredAt >= monthStart ? 0 : instantOf(dayBefore, 16 * 60 + random.int(0, 60));
  return Math.max(usual, salesperson.hiredAt + 20 * MINUTE, world.start + 50 * MINUTE);
};

export const salespersonStreams = (world: World, random: Random, planned: Int32Array): Stream[] => {
  const plans = annualPlans(world, random);
  return world.roster.map((salesperson) => {
    const drafts: Draft[] = [{ at: salesperson.hiredAt, type: 'RegisterSalesperson', actor: 'backoffice', fields: { salespersonId: salesperson.id, name: salesperson.name } }];
    drafts.push(...(plans.get(salesperson) ?? []));
    for (let m = 0; m < world.months; m++) {
      const plannedVisits = planned[salesperson.index * world.months + m] ?? -1;
      if (plannedVisits < 0) continue;
      drafts.push({
        at: visitPlanAt(world, random, salesperson, m),
        type: 'SetVisitPlan',
        actor: 'backoffice',
        fields: { salespersonId: salesperson.id, month: formatMonth(world.firstMonth + m), plannedVisits },
      });
    }
    return { name: `salesperson-${salesperson.id}`, drafts };
  });
};
