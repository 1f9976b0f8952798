// A realistic sample firm for `rapport demo` (SPEC §5): a Shanghai professional-services firm's
// sales team and clients over a few years, as the commands that would have built it. Pure and
// deterministic: the history ends on a fixed day and every choice comes from the seed, so the same
// options give byte-identical output on every machine and every day.
import { TIME_ZONE, dayOf, workdayOnOrAfter } from './calendar.js';
import { simulateClient } from './lifecycle.js';
import { assemble } from './assemble.js';
import { firmStream, salespersonStreams, type Stream } from './plans.js';
import { generateProfiles } from './profiles.js';
import { createRandom } from './random.js';
import { generateRoster } from './roster.js';
import { addRoutineContacts, planVisits, recordPortfolio } from './routine.js';
import type { DemoFirm, DemoOptions } from './types.js';
import { createWorld, type Draft } from './world.js';

export type { DemoEntry, DemoFirm, DemoOptions } from './types.js';

export const DEMO_DEFAULTS: DemoOptions = { clients: 400, years: 3, seed: 1 };

/** The history's last day (a Friday); fixed so the demo never depends on today's date. */
const LAST = { year: 2026, month: 11, date: 13 } as const;

const checkOptions = (options: DemoOptions): void => {
  const { clients, years, seed } = options;
  if (!Number.isInteger(clients) || clients < 1 || clients > 100_000) throw new RangeError(`clients must be an integer from 1 to 100000, got ${clients}`);
  if (!Number.isInteger(years) || years < 1 || years > 10) throw new RangeError(`years must be an integer from 1 to 10, got ${years}`);
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
};

export const generateDemoFirm = (options: DemoOptions): DemoFirm => {
  checkOptions(options);
  const random = createRandom(options.seed);
  const endDay = dayOf(LAST.year, LAST.month, LAST.date);
  const startDay = workdayOnOrAfter(dayOf(LAST.year - options.years, LAST.month, LAST.date));
  // Each part draws from its own fork, so telling one part differently leaves the others as they were.
  const roster = generateRoster(random.fork(1), { clients: options.clients, years: options.years, startDay, endDay });
  const world = createWorld(startDay, endDay, roster);
  const profiles = generateProfiles(random.fork(2), options.clients, startDay, endDay);
  const clientRandom = random.fork(3);
  const clientDrafts: Draft[][] = profiles.map((profile) => {
    const run = simulateClient(world, profile, clientRandom.fork(profile.index));
    recordPortfolio(world, run);
    return run.drafts;
  });
  const planned = planVisits(world, random.fork(4));
  addRoutineContacts(world, random.fork(5), planned, profiles, clientDrafts);
  const streams: Stream[] = [
    firmStream(world, TIME_ZONE),
    ...salespersonStreams(world, random.fork(6), planned),
    ...profiles.map((profile) => ({ name: `client-${profile.clientId}`, drafts: clientDrafts[profile.index] ?? [] })),
  ];
  const { entries, lastDay } = assemble(streams, random.fork(7));
  return { entries, timeZone: TIME_ZONE, lastDay };
};
