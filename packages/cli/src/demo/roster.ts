// The sales team over the years: who is hired when, who leaves (their clients must be reassigned,
// DOMAIN's main cause of losing clients to competitors), who replaces them.
import { DAY, instantOf, workdayOnOrAfter, type Day } from './calendar.js';
import type { Random } from './random.js';
import { SALESPEOPLE } from './vocabulary.js';

export interface Salesperson {
  readonly index: number;
  readonly id: string;
  readonly name: string;
  /** occurredAt of RegisterSalesperson. */
  readonly hiredAt: number;
  /** The end of their last working day; null while they stay. */
  readonly leftAt: number | null;
  /** The deputy manager in charge of clients: keeps the key accounts and never leaves. */
  readonly deputy: boolean;
  /** Whom they were hired to replace. */
  readonly replaces: string | null;
  /** Hired to grow the team: takes over a share of everyone's clients. */
  readonly growthHire: boolean;
  /** How much of their monthly visit plan they usually complete. */
  readonly diligence: number;
}

/** A salesperson while the team is being put together (departures are filled in as they are decided). */
interface Hire {
  id: string;
  name: string;
  hiredAt: number;
  leftAt: number | null;
  deputy: boolean;
  replaces: string | null;
  growthHire: boolean;
  diligence: number;
}

export const isActive = (salesperson: Salesperson, instant: number): boolean =>
  salesperson.hiredAt <= instant && (salesperson.leftAt === null || instant < salesperson.leftAt);

/** Can take over clients at `instant`: hired at least a day before (so the registration is entered first) and not yet gone. */
export const canTakeClients = (salesperson: Salesperson, instant: number): boolean =>
  salesperson.hiredAt + DAY <= instant && (salesperson.leftAt === null || instant < salesperson.leftAt);

export const generateRoster = (random: Random, options: { readonly clients: number; readonly years: number; readonly startDay: Day; readonly endDay: Day }): Salesperson[] => {
  const { startDay, endDay } = options;
  const names = [...SALESPEOPLE];
  // Fisher–Yates with the seeded generator: which names the firm gets depends on the seed.
  for (let i = names.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    const a = names[i];
    const b = names[j];
    if (a !== undefined && b !== undefined) [names[i], names[j]] = [b, a];
  }
  let nextName = 0;
  const hire = (hiredAt: number, extra: Partial<Hire>): Hire => {
    const [surname, name] = names[nextName % names.length] ?? ['zhang', 'Zhang Wei'];
    // Past thirty hires the pool repeats; a number keeps the ids distinct.
    const round = Math.floor(nextName++ / names.length);
    return { id: `sp-${surname}${round === 0 ? '' : round + 1}`, name, hiredAt, leftAt: null, deputy: false, replaces: null, growthHire: false, diligence: Math.min(1.15, Math.max(0.6, random.normal(0.9, 0.1))), ...extra };
  };

  const team: Hire[] = [];
  const initial = Math.min(8, Math.max(5, Math.round(options.clients / 60)));
  for (let i = 0; i < initial; i++) team.push(hire(instantOf(startDay, 9 * 60 + 2 * i), { deputy: i === 0 }));

  const span = endDay - startDay;
  const growthDay = workdayOnOrAfter(startDay + Math.round(span * random.between(0.3, 0.5)));
  team.push(hire(instantOf(growthDay, 9 * 60), { growthHire: true }));

  // Departures are spread over the history, none in its first two months or last six weeks.
  const leavers = Math.max(1, Math.round(options.years * 0.45));
  for (let k = 0; k < leavers; k++) {
    const target = startDay + Math.round((span * (k + 0.5)) / leavers) + random.int(-30, 30);
    const leaveDay = workdayOnOrAfter(Math.min(endDay - 45, Math.max(startDay + 60, target)));
    if (leaveDay > endDay - 30) continue;
    const leftAt = instantOf(leaveDay, 18 * 60);
    const candidates = team.filter((s) => !s.deputy && s.leftAt === null && s.hiredAt <= leftAt - 150 * DAY);
    if (candidates.length === 0) continue;
    const leaver = random.pick(candidates);
    leaver.leftAt = leftAt;
    // The replacement is sometimes hired before the leaver goes, for a handover.
    const replacementDay = workdayOnOrAfter(Math.max(startDay + 1, leaveDay + random.int(-10, 35)));
    if (replacementDay <= endDay - 10) team.push(hire(instantOf(replacementDay, 9 * 60 + 5), { replaces: leaver.id }));
  }

  return team.map((s, index) => ({ index, ...s }));
};
