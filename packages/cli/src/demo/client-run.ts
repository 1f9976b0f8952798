// One client's story while it is being told: the commands so far and the few steps every part of
// the story uses (a contact, an engagement), each keeping the tallies the plans are made from.
import { HOUR, businessAtOrAfter, businessInstant, yearOfDay, localDay } from './calendar.js';
import { isActive, type Salesperson } from './roster.js';
import { nextChangeAfter, ownerAt, type Ownership } from './ownership.js';
import type { ClientProfile } from './profiles.js';
import type { Random } from './random.js';
import type { Channel, ServiceLine } from './vocabulary.js';
import { bump, cell, yearCell, type Draft, type World } from './world.js';

export interface Complaint {
  readonly at: number;
  /** null: never resolved. */
  readonly resolvedAt: number | null;
}

export interface ClientRun {
  readonly world: World;
  readonly profile: ClientProfile;
  readonly random: Random;
  readonly ownership: Ownership;
  readonly drafts: Draft[];
  /** Stretches in which the owner looks after the client (pursuing it, serving it), for routine contacts. */
  readonly cared: [number, number][];
  readonly complaints: Complaint[];
  engagements: number;
  complaintCount: number;
  /** The client's current yearly fee level; renewals nudge it up. */
  level: number;
}

export const emit = (run: ClientRun, at: number, type: string, actor: string, fields: Readonly<Record<string, unknown>>, names?: string): void => {
  run.drafts.push(names === undefined ? { at, type, actor, fields } : { at, type, actor, fields, names });
};

export const owner = (run: ClientRun, at: number): Salesperson => ownerAt(run.ownership, at);

/** `days` (≥ 1) whole days after `instant`, at a fresh office-hours time, so a client's events do not all share one time of day. */
export const later = (run: ClientRun, instant: number, days: number): number => businessInstant(run.random, localDay(instant) + days);

/**
 * The first moment from `at` at which the client has an owner still at the firm: between a
 * salesperson's departure and the reassignment of their clients nobody calls or signs.
 */
export const workTime = (run: ClientRun, at: number): number => {
  const t = businessAtOrAfter(run.random, at);
  if (isActive(owner(run, t), t)) return t;
  const change = nextChangeAfter(run.ownership, t);
  return change === null ? Infinity : businessAtOrAfter(run.random, change.at + run.random.int(1, 3) * HOUR);
};

/** Records a contact by the owner at `at` (moved to working time); the instant used, or null past the history. */
export const contact = (run: ClientRun, at: number, channel: Channel, summary: string | null): number | null => {
  const t = workTime(run, at);
  if (t > run.world.end) return null;
  const by = owner(run, t);
  emit(run, t, 'RecordContact', by.id, { clientId: run.profile.clientId, channel, ...(summary === null ? {} : { summary }) });
  if (channel === 'visit') bump(run.world.visits, cell(run.world, by, t), 1);
  return t;
};

/** Professional fees are round sums: hundreds for most clients, thousands for key accounts. */
export const roundFee = (run: ClientRun, amount: number): number => {
  const unit = run.profile.key ? 100_000 : 10_000;
  return Math.max(unit, Math.round(amount / unit) * unit);
};

export const nextEngagementId = (run: ClientRun, at: number): string =>
  `eng-${yearOfDay(localDay(at))}-${String(++run.engagements).padStart(2, '0')}`;

export type EngagementKind = 'acquisition' | 'existing' | 'repeat' | 'reactivation';

/** Tallies a fee for the plans; the existing book's first engagements are not new business. */
export const tallyFee = (run: ClientRun, at: number, fee: number, kind: EngagementKind): void => {
  const by = owner(run, at);
  if (kind !== 'existing') bump(run.world.business, yearCell(run.world, by, at), fee);
  if (kind === 'acquisition') bump(run.world.acquisitions, yearCell(run.world, by, at), 1);
};

export const engage = (run: ClientRun, at: number, fee: number, serviceLine: ServiceLine, kind: Exclude<EngagementKind, 'reactivation'>): void => {
  const rounded = roundFee(run, fee);
  const by = owner(run, at);
  emit(run, at, 'RecordEngagement', by.id, { clientId: run.profile.clientId, engagementId: nextEngagementId(run, at), fee: rounded, serviceLine });
  tallyFee(run, at, rounded, kind);
};
