// Where a --known-at date ends when no zone is given (SPEC §4): in the firm's calendar as it was
// recorded, so the day, the zone the report runs in, and the events it counts agree.
//
// The circle: the instant depends on the zone, and the zone (the firm's settings recorded by then)
// on the instant. It is broken by reading the firm's calendar as it stood at each instant: the
// local date of an instant t is its date in the zone the firm's settings had as recorded by t
// (recordedAt ≤ t; UTC before any). A --known-at date D is one millisecond before the first
// instant whose local date, so read, is after D — SPEC's "one millisecond before the next local
// midnight", with the zone changing where the log recorded a change. Hence:
// - one zone throughout (none recorded, or none changed near D): the last millisecond of D in it;
// - a zone change recorded while D is running in the old zone and still in the new one: D ends by
//   the new zone's clock, and the report counts the change;
// - a change that moves the calendar past D at once (eastward, late on D): D ends one millisecond
//   before the change, which is not yet known, so the report runs in the old zone;
// - a change that brings D back after it was over (westward, early on D+1): D ended the first
//   time, as a local midnight that happens twice starts its day the first time.
// The report's zone is the one recorded by the instant found, so that instant is on day D (or, if a
// change skipped D altogether, just before it) in the zone the report prints, and its periods and
// as-of dates are read in that same zone. --tz (or RAPPORT_TZ) fixes the zone and ends the circle;
// an instant with Z or an offset needs no zone at all.
import { FIRM_STREAM } from '../domain/streams.js';
import { parseCalendarDate } from '../domain/time/zone.js';
import type { EventStore } from '../ports/event-store.js';
import { firmProjection, firmSettingsOf } from '../projections/firm/projection.js';
import { foldAll, knownAt } from '../projections/runner/fold.js';
import { instantOf, type InstantInput } from './inputs.js';

/** From `from` (epoch ms) until the next step's `from`, the firm's settings as recorded name `zone`. */
export interface ZoneStep {
  readonly from: number;
  readonly zone: string;
}

/** The zone before any setting was recorded (SPEC §4: else UTC). */
const NO_ZONE_RECORDED = 'UTC';

/** A known-at input that needs a zone: a date YYYY-MM-DD (every other accepted form is an instant). */
export const isKnownAtDate = (input: InstantInput): input is string => typeof input === 'string' && parseCalendarDate(input) !== undefined;

/**
 * The --known-at instant of `date` in the firm's calendar as recorded: `steps` in order of `from`,
 * the first from -Infinity. See the module's comment for the rule.
 */
export const knownAtOfDate = (date: string, steps: readonly ZoneStep[]): number => {
  for (const [i, { from, zone }] of steps.entries()) {
    const until = steps[i + 1]?.from ?? Number.POSITIVE_INFINITY;
    // The first instant of this step whose local date is after `date`: the next local midnight in
    // its zone, or the step's start when that midnight was already past.
    const after = Math.max(from, instantOf('knownAt', date, zone) + 1);
    if (after < until) return after - 1;
  }
  throw new RangeError('knownAtOfDate needs at least one zone step');
};

/**
 * The zone the firm's settings named from each recordedAt of the firm stream on, folded as a
 * known-at report folds them (the events recorded by then, in log order).
 */
export const recordedZones = async (eventStore: EventStore): Promise<ZoneStep[]> => {
  const events = await eventStore.readStream(FIRM_STREAM);
  const instants = [...new Set(events.map((event) => Date.parse(event.metadata.recordedAt)))].sort((a, b) => a - b);
  const steps: ZoneStep[] = [{ from: Number.NEGATIVE_INFINITY, zone: NO_ZONE_RECORDED }];
  for (const from of instants) {
    const firm = firmSettingsOf((await foldAll([firmProjection], events, knownAt(from))).view(firmProjection));
    steps.push({ from, zone: firm.timeZone ?? NO_ZONE_RECORDED });
  }
  return steps;
};
