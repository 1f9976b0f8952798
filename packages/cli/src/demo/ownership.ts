// Who owns a client when. Decided from the team alone, before the client's story is told, so that
// the story can react to it (a client whose salesperson left is easily lost to a competitor).
import { DAY, addWorkdays, businessInstant, localDay } from './calendar.js';
import type { Random } from './random.js';
import { canTakeClients, type Salesperson } from './roster.js';

export interface OwnerChange {
  readonly at: number;
  readonly owner: Salesperson;
  readonly reason: 'salesperson left' | 'portfolio rebalance';
}

export interface Ownership {
  readonly initial: Salesperson;
  /** In time order; never to the owner of the moment. */
  readonly changes: readonly OwnerChange[];
}

/** A new client goes to someone on the team; the deputy manager takes few, except big ones. */
export const pickOwner = (random: Random, roster: readonly Salesperson[], at: number, exclude: Salesperson | null, key: boolean): Salesperson | null => {
  const choices: (readonly [Salesperson, number])[] = [];
  for (const s of roster) {
    if (s === exclude || !canTakeClients(s, at)) continue;
    const weight = s.deputy ? (key ? 4 : 0.4) : at - s.hiredAt < 60 * DAY ? 0.6 : 1;
    choices.push([s, weight]);
  }
  return choices.length === 0 ? null : random.weighted(choices);
};

const successorOf = (random: Random, roster: readonly Salesperson[], leaver: Salesperson, at: number, key: boolean): Salesperson | null => {
  const replacement = roster.find((s) => s.replaces === leaver.id && canTakeClients(s, at));
  if (replacement !== undefined && random.chance(0.6)) return replacement;
  return pickOwner(random, roster, at, leaver, key);
};

export const ownershipOf = (random: Random, roster: readonly Salesperson[], initial: Salesperson, registeredAt: number, end: number, key: boolean): Ownership => {
  // Each later growth hire takes some clients off their colleagues a few weeks after starting.
  const rebalances = roster
    .filter((s) => s.growthHire && s.hiredAt > registeredAt)
    .map((s) => ({ to: s, at: businessInstant(random, addWorkdays(localDay(s.hiredAt), random.int(5, 25))), moves: random.chance(0.15) }));
  const changes: OwnerChange[] = [];
  let owner = initial;
  let since = registeredAt;
  for (;;) {
    const leaveAt = owner.leftAt === null ? Infinity : businessInstant(random, addWorkdays(localDay(owner.leftAt), random.int(1, 6)));
    const rebalance = owner.deputy ? undefined : rebalances.find((r) => r.moves && r.at > since && r.to !== owner && r.at < leaveAt && r.at <= end);
    if (rebalance !== undefined) {
      changes.push({ at: rebalance.at, owner: rebalance.to, reason: 'portfolio rebalance' });
      owner = rebalance.to;
      since = rebalance.at;
      continue;
    }
    if (leaveAt > end) break;
    const successor = successorOf(random, roster, owner, leaveAt, key);
    if (successor === null) break;
    changes.push({ at: leaveAt, owner: successor, reason: 'salesperson left' });
    owner = successor;
    since = leaveAt;
  }
  return { initial, changes };
};

/** The owner at `instant`; a change at exactly `instant` has already happened (it is entered first). */
export const ownerAt = (ownership: Ownership, instant: number): Salesperson => {
  let owner = ownership.initial;
  for (const change of ownership.changes) {
    if (change.at > instant) break;
    owner = change.owner;
  }
  return owner;
};

/** When the owner's predecessor left, if a departure falls in [from, to]. */
export const departureBetween = (ownership: Ownership, from: number, to: number): number | null => {
  for (const change of ownership.changes) if (change.reason === 'salesperson left' && change.at >= from && change.at <= to) return change.at;
  return null;
};

/** The next change after `instant`, or null. */
export const nextChangeAfter = (ownership: Ownership, instant: number): OwnerChange | null =>
  ownership.changes.find((c) => c.at > instant) ?? null;
