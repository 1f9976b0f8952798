// One client's whole story up to the engagement: registration, reassignments, and either the
// onboarding of an existing client or the pursuit of a prospect (which may never convert).
import { DAY, HOUR } from './calendar.js';
import { contact, emit, engage, later, workTime, type ClientRun } from './client-run.js';
import { ownershipOf, pickOwner } from './ownership.js';
import type { ClientProfile } from './profiles.js';
import type { Random } from './random.js';
import { serve } from './relationship.js';
import { CONVERSION, FIRST_CONTACT_CHANNELS, NEVER_CONTACTED, PURSUIT_CHANNELS, PURSUIT_SUMMARIES } from './vocabulary.js';
import type { World } from './world.js';

/** A client the firm already served: one meeting to set it up, an engagement, a contract renewing some time in the first year. */
const onboard = (run: ClientRun): void => {
  const { random, profile, world } = run;
  const met = contact(run, profile.arrival + random.int(1, 6) * HOUR, random.weighted([['meeting', 40], ['visit', 35], ['call', 25]] as const), 'set-up meeting with an existing client');
  if (met === null) return;
  const at = workTime(run, later(run, met, random.int(1, 15)));
  if (at > world.end) {
    run.cared.push([met, world.end]);
    return;
  }
  run.cared.push([met, at]);
  engage(run, at, run.level * random.between(0.9, 1.1), profile.serviceLine, 'existing');
  serve(run, at, later(run, at, random.int(30, 365)));
};

const pursuitSummary = (run: ClientRun): string | null => (run.random.chance(0.5) ? run.random.pick(PURSUIT_SUMMARIES) : null);

/** A new prospect: maybe never called back; if contacted, a few more contacts, then an engagement letter or silence. */
const pursue = (run: ClientRun): void => {
  const { random, profile, world } = run;
  if (random.chance(NEVER_CONTACTED[profile.source])) return;
  const first = contact(run, later(run, profile.arrival, random.int(1, profile.source === 'exhibition' ? 20 : 8)), random.weighted(FIRST_CONTACT_CHANNELS), pursuitSummary(run));
  if (first === null) return;
  const converts = random.chance(CONVERSION[profile.source]);
  let last = first;
  for (let i = converts ? random.int(1, 4) : random.int(0, 2); i > 0; i--) {
    const t = contact(run, later(run, last, random.int(3, 21)), random.weighted(PURSUIT_CHANNELS), pursuitSummary(run));
    if (t === null) break;
    last = t;
  }
  const at = converts ? workTime(run, later(run, last, random.int(3, 30))) : Infinity;
  if (at > world.end) {
    // Salespeople keep a prospect warm for a few weeks after the last contact, then give up.
    run.cared.push([first, Math.min(world.end, last + 45 * DAY)]);
    return;
  }
  run.cared.push([first, at]);
  engage(run, at, run.level, profile.serviceLine, 'acquisition');
  serve(run, at, later(run, at, 365 + random.int(-20, 20)));
};

export const simulateClient = (world: World, profile: ClientProfile, random: Random): ClientRun => {
  // The deputy manager can always take a client, so there is always an owner.
  const first = pickOwner(random, world.roster, profile.arrival, null, profile.key) ?? world.roster[0];
  if (first === undefined) throw new Error('the demo firm has no salespeople');
  const ownership = ownershipOf(random, world.roster, first, profile.arrival, world.end, profile.key);
  const run: ClientRun = { world, profile, random, ownership, drafts: [], cared: [], complaints: [], engagements: 0, complaintCount: 0, level: profile.annualFee };
  const { clientId } = profile;
  emit(run, profile.arrival, 'RegisterClient', first.id, { clientId, name: profile.name, ownerId: first.id, source: profile.source, industry: profile.industry }, first.id);
  for (const change of ownership.changes) {
    emit(run, change.at, 'ReassignClient', 'backoffice', { clientId, ownerId: change.owner.id, reason: change.reason }, change.owner.id);
  }
  if (profile.existing) onboard(run);
  else pursue(run);
  return run;
};
