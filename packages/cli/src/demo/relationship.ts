// An engaged client's years: renewals and extra work, complaints and how fast they are answered,
// and for some the churn, the win-back outreach and the reactivation that starts the cycle again.
// Churn follows DOMAIN's causes: an unresolved complaint → dissatisfied; a departed salesperson →
// competitor; a small client → dropped as negative-value.
import { DAY, HOUR, MINUTE, YEAR, businessAtOrAfter, localDay, yearOfDay, monthOfDay } from './calendar.js';
import { contact, emit, engage, later, owner, roundFee, nextEngagementId, tallyFee, workTime, type ClientRun } from './client-run.js';
import { departureBetween } from './ownership.js';
import {
  CHURN_NOTES, COMPLAINT_CATEGORY_WEIGHTS, COMPLAINT_DESCRIPTIONS, EXTRA_SERVICES, RESOLUTION_OUTCOMES, SEVERITY_WEIGHTS,
  WIN_BACK_CHANNELS, WIN_BACK_SUMMARY, type ChurnReason, type ComplaintCategory, type Severity,
} from './vocabulary.js';

interface PlannedComplaint {
  readonly at: number;
  readonly category: ComplaintCategory;
  readonly severity: Severity;
  /** null: never resolved (an open complaint), also when the answer would come after the history. */
  readonly resolvedAt: number | null;
}

interface Churn {
  readonly at: number;
  readonly reason: ChurnReason;
}

/** The renewal date of a contract signed at `at`: a year, give or take a few weeks. */
const renewalOf = (run: ClientRun, at: number): number => later(run, at, 365 + run.random.int(-20, 20));

const planComplaint = (run: ClientRun, at: number, category: ComplaintCategory, severity: Severity): PlannedComplaint => {
  const { random } = run;
  // Most are answered within a day or two, a few take weeks, some never are.
  const hours = Math.min(45 * 24, Math.max(1, random.logNormal(severity === 'high' ? 12 : 30, 1.3)));
  const answered = businessAtOrAfter(random, at + Math.round(hours * 60) * MINUTE);
  const resolvedAt = random.chance(0.08) || answered > run.world.end ? null : answered;
  return { at, category, severity, resolvedAt };
};

const drawComplaints = (run: ClientRun, from: number, to: number): PlannedComplaint[] => {
  const { random } = run;
  const span = to - from - 2 * DAY;
  if (span <= 0) return [];
  const count = random.poisson(((run.profile.key ? 0.5 : 0.18) * span) / YEAR);
  const complaints: PlannedComplaint[] = [];
  for (let i = 0; i < count; i++) {
    const at = businessAtOrAfter(random, from + DAY + Math.floor(random.next() * (span / MINUTE)) * MINUTE);
    if (at < to && at <= run.world.end) complaints.push(planComplaint(run, at, random.weighted(COMPLAINT_CATEGORY_WEIGHTS), random.weighted(SEVERITY_WEIGHTS)));
  }
  return complaints.sort((a, b) => a.at - b.at);
};

const fileComplaint = (run: ClientRun, complaint: PlannedComplaint): void => {
  const { random, profile } = run;
  const complaintId = `cmp-${yearOfDay(localDay(complaint.at))}-${String(++run.complaintCount).padStart(2, '0')}`;
  emit(run, complaint.at, 'FileComplaint', 'backoffice', {
    clientId: profile.clientId,
    complaintId,
    category: complaint.category,
    severity: complaint.severity,
    description: random.pick(COMPLAINT_DESCRIPTIONS[complaint.category]),
  });
  if (complaint.resolvedAt !== null) {
    emit(run, complaint.resolvedAt, 'ResolveComplaint', 'backoffice', { clientId: profile.clientId, complaintId, outcome: random.pick(RESOLUTION_OUTCOMES) });
  }
  run.complaints.push({ at: complaint.at, resolvedAt: complaint.resolvedAt });
};

/** Extra work beyond the annual engagement: advisory projects, mostly for the bigger clients. */
const extraWork = (run: ClientRun, from: number, to: number): void => {
  const { random } = run;
  const span = to - from - 8 * DAY;
  if (span <= 0) return;
  const count = random.poisson(((run.profile.key ? 1.8 : 0.3) * span) / YEAR);
  const times = Array.from({ length: count }, () => from + 7 * DAY + Math.floor(random.next() * (span / MINUTE)) * MINUTE).sort((a, b) => a - b);
  for (const time of times) {
    const at = workTime(run, time);
    if (at < to - HOUR && at <= run.world.end) engage(run, at, run.level * random.between(0.15, 0.5), random.weighted(EXTRA_SERVICES), 'repeat');
  }
};

const decideChurn = (run: ClientRun, from: number, renewal: number, complaints: readonly PlannedComplaint[], lifetime: number): Churn | null => {
  const { random, profile } = run;
  const small = !profile.key && run.level < 800_000;
  const bad = complaints.find((c) => c.severity === 'high' || c.resolvedAt === null || c.resolvedAt - c.at > 14 * DAY) ?? null;
  const departure = departureBetween(run.ownership, from - 120 * DAY, renewal - 30 * DAY);
  const p = 0.11 + (small ? 0.08 : 0) - (profile.key ? 0.04 : 0) + (bad === null ? 0 : 0.3) + (departure === null ? 0 : 0.25) + (lifetime > 1 ? 0.05 : 0);
  if (!random.chance(p)) return null;
  const reason = random.weighted<ChurnReason>([
    ['dissatisfied', bad === null ? 1 : 6],
    ['competitor', departure === null ? 1.5 : 6],
    ['negative-value', profile.key ? 0 : small ? 2.5 : 0.4],
    ['involuntary', 0.7],
    ['other', 1],
  ]);
  const length = renewal - from;
  const planned =
    reason === 'dissatisfied' ? (bad === null ? from + random.between(0.2, 1) * length : later(run, bad.at, random.int(10, 60)))
    : reason === 'competitor' ? (departure === null ? renewal - random.int(5, 60) * DAY : later(run, departure, random.int(20, 150)))
    : reason === 'negative-value' ? renewal - random.int(0, 30) * DAY
    : reason === 'involuntary' ? from + random.between(0.05, 1) * length
    : renewal - random.int(0, 45) * DAY;
  const clamped = Math.min(renewal - DAY, Math.max(from + 14 * DAY, Math.floor(planned / MINUTE) * MINUTE));
  if (clamped <= from + 13 * DAY) return null;
  const at = workTime(run, clamped);
  return at >= renewal || at > run.world.end ? null : { at, reason };
};

const recordChurn = (run: ClientRun, churn: Churn): void => {
  const { random, profile } = run;
  emit(run, churn.at, 'RecordChurn', owner(run, churn.at).id, {
    clientId: profile.clientId,
    reason: churn.reason,
    ...(random.chance(0.6) ? { note: CHURN_NOTES[churn.reason] } : {}),
  });
  // Now and then a churned client still complains, about the final bill.
  if (random.chance(0.08)) {
    const at = businessAtOrAfter(random, later(run, churn.at, random.int(2, 30)));
    if (at <= run.world.end) fileComplaint(run, planComplaint(run, at, random.pick(['price', 'service'] as const), random.pick(['low', 'medium'] as const)));
  }
};

const REACTIVATION_CHANCE: Readonly<Record<ChurnReason, number>> = { competitor: 0.35, dissatisfied: 0.3, other: 0.3, involuntary: 0.04, 'negative-value': 0 };

/** Outreach to a client lost for a reason the firm controls; the reactivation instant if it comes back. */
const winBack = (run: ClientRun, churn: Churn): number | null => {
  const { random, profile } = run;
  let last = churn.at;
  if (churn.reason !== 'negative-value' && churn.reason !== 'involuntary' && random.chance(0.7)) {
    let at = later(run, churn.at, random.int(7, 45));
    for (let i = random.int(1, 3); i > 0; i--) {
      const t = contact(run, at, random.weighted(WIN_BACK_CHANNELS), WIN_BACK_SUMMARY);
      if (t === null) break;
      last = t;
      at = later(run, t, random.int(14, 60));
    }
  }
  const open = run.complaints.some((c) => c.resolvedAt === null || c.resolvedAt > churn.at);
  const chance = churn.reason === 'dissatisfied' && open ? 0.1 : REACTIVATION_CHANCE[churn.reason];
  if (!random.chance(chance)) return null;
  const at = workTime(run, Math.max(later(run, last, random.int(5, 30)), later(run, churn.at, random.int(60, 400))));
  if (at > run.world.end) return null;
  const fee = roundFee(run, run.level * random.between(0.7, 1));
  const half = (monthOfDay(localDay(at)) % 12) < 6 ? 'h1' : 'h2';
  emit(run, at, 'ReactivateClient', owner(run, at).id, {
    clientId: profile.clientId,
    engagementId: nextEngagementId(run, at),
    fee,
    ...(random.chance(0.65) ? { campaign: `winback-${yearOfDay(localDay(at))}-${half}` } : {}),
  });
  tallyFee(run, at, fee, 'reactivation');
  return at;
};

/** From an engagement at `since` (its contract renewing at `firstRenewal`) to the end of the history. */
export const serve = (run: ClientRun, since: number, firstRenewal: number): void => {
  const { random, world } = run;
  let lifetime = 1;
  let from = since;
  let engagedSince = since;
  let renewal = firstRenewal;
  for (;;) {
    const complaints = drawComplaints(run, from, Math.min(renewal, world.end));
    const churn = decideChurn(run, from, renewal, complaints, lifetime);
    const stop = churn === null ? Math.min(renewal, world.end) : churn.at;
    for (const complaint of complaints) if (complaint.at < stop) fileComplaint(run, complaint);
    extraWork(run, from, stop);
    if (churn !== null) {
      recordChurn(run, churn);
      run.cared.push([engagedSince, churn.at]);
      const back = winBack(run, churn);
      if (back === null) return;
      lifetime++;
      from = engagedSince = back;
      renewal = renewalOf(run, back);
      continue;
    }
    const at = renewal > world.end ? Infinity : workTime(run, renewal);
    if (at > world.end) {
      run.cared.push([engagedSince, world.end]);
      return;
    }
    run.level *= random.between(0.98, 1.1);
    engage(run, at, run.level * random.between(0.92, 1.08), run.profile.serviceLine, 'repeat');
    from = at;
    renewal = renewalOf(run, at);
  }
};
