// The salespeople's routine: a monthly visit plan sized to what they look after, and the visits,
// calls and emails that fill the month. Visits roughly follow the plan, each salesperson with their
// own habit of completing it, so visitPlanCompletion in the KPI report varies as in a real team.
import { HOUR, businessInstant, firstDayOfMonth, instantOf, isWorkday, localDay, monthOfDay } from './calendar.js';
import type { ClientRun } from './client-run.js';
import { ownerAt } from './ownership.js';
import type { ClientProfile } from './profiles.js';
import type { Random } from './random.js';
import type { Salesperson } from './roster.js';
import { ROUTINE_CHANNELS, ROUTINE_SUMMARIES, type Channel } from './vocabulary.js';
import type { Draft, Segment, World } from './world.js';

const monthBounds = (world: World, m: number): readonly [number, number] => [
  instantOf(firstDayOfMonth(world.firstMonth + m), 0),
  instantOf(firstDayOfMonth(world.firstMonth + m + 1), 0),
];

const addSegment = (world: World, holder: Salesperson, segment: Segment): void => {
  const first = monthOfDay(localDay(segment.from)) - world.firstMonth;
  const last = monthOfDay(localDay(segment.to - 1)) - world.firstMonth;
  for (let m = Math.max(0, first); m <= Math.min(world.months - 1, last); m++) world.portfolio[holder.index * world.months + m]?.push(segment);
};

/** Files the client's cared-for stretches under whoever owned it then. */
export const recordPortfolio = (world: World, run: ClientRun): void => {
  const client = run.profile.index;
  const key = run.profile.key;
  for (const [from, to] of run.cared) {
    if (to - from < 6 * HOUR) continue;
    let start = from;
    let holder = ownerAt(run.ownership, from);
    for (const change of run.ownership.changes) {
      if (change.at <= from) continue;
      if (change.at >= to) break;
      addSegment(world, holder, { client, from: start, to: change.at, key });
      holder = change.owner;
      start = change.at;
    }
    addSegment(world, holder, { client, from: start, to, key });
  }
};

const employedIn = (salesperson: Salesperson, from: number, to: number): boolean =>
  salesperson.hiredAt < to && (salesperson.leftAt === null || salesperson.leftAt > from);

/** plannedVisits per (salesperson, month), or −1 where they were not at the firm that month. */
export const planVisits = (world: World, random: Random): Int32Array => {
  const planned = new Int32Array(world.roster.length * world.months).fill(-1);
  for (const salesperson of world.roster) {
    for (let m = 0; m < world.months; m++) {
      const [from, to] = monthBounds(world, m);
      if (!employedIn(salesperson, from, to)) continue;
      const cared = world.portfolio[salesperson.index * world.months + m]?.length ?? 0;
      planned[salesperson.index * world.months + m] = Math.min(30, Math.round(cared * 0.5 * random.between(0.9, 1.15)));
    }
  }
  return planned;
};

/** A moment inside the segment, the month and the salesperson's time at the firm, clear of the segment's edges. */
const placeIn = (random: Random, segment: Segment, lo: number, hi: number): number | null => {
  const a = Math.max(segment.from + 2 * HOUR, lo);
  const b = Math.min(segment.to - 2 * HOUR, hi);
  if (b <= a) return null;
  const day = localDay(a) + random.int(0, localDay(b) - localDay(a));
  if (!isWorkday(day)) return null;
  const at = businessInstant(random, day);
  return at > a && at < b ? at : null;
};

export const addRoutineContacts = (world: World, random: Random, planned: Int32Array, profiles: readonly ClientProfile[], drafts: readonly Draft[][]): void => {
  const deputy = world.roster.find((s) => s.deputy);
  for (const salesperson of world.roster) {
    for (let m = 0; m < world.months; m++) {
      const index = salesperson.index * world.months + m;
      const plan = planned[index] ?? -1;
      const bucket = world.portfolio[index] ?? [];
      if (plan < 0 || bucket.length === 0) continue;
      const [monthStart, monthEnd] = monthBounds(world, m);
      const lo = Math.max(monthStart, salesperson.hiredAt + HOUR, world.start);
      const hi = Math.min(monthEnd, salesperson.leftAt ?? Infinity, world.end);
      if (hi <= lo) continue;
      const share = (hi - lo) / (monthEnd - monthStart);
      const completion = salesperson.diligence + random.normal(0, 0.08);
      const visits = Math.max(0, Math.round(plan * completion * share) - (world.visits[index] ?? 0));
      const others = Math.min(60, Math.round(bucket.length * 0.6 * share * random.between(0.8, 1.2)));
      for (let i = 0; i < visits + others; i++) {
        for (let attempt = 0; attempt < 4; attempt++) {
          const segment = random.pick(bucket);
          const at = placeIn(random, segment, lo, hi);
          if (at === null) continue;
          const clientId = profiles[segment.client]?.clientId ?? '';
          const channel: Channel = i < visits ? 'visit' : random.weighted(ROUTINE_CHANNELS);
          const summary = random.chance(0.5) ? { summary: random.pick(ROUTINE_SUMMARIES) } : {};
          // Key accounts also meet the deputy manager: contacts broader than one salesperson.
          if (channel !== 'visit' && segment.key && deputy !== undefined && deputy !== salesperson && random.chance(0.2)) {
            drafts[segment.client]?.push({ at, type: 'RecordContact', actor: deputy.id, fields: { clientId, channel: 'meeting', salespersonId: deputy.id, ...summary }, names: deputy.id });
          } else {
            drafts[segment.client]?.push({ at, type: 'RecordContact', actor: salesperson.id, fields: { clientId, channel, ...summary } });
          }
          break;
        }
      }
    }
  }
};
