// Builds the demo firm in a store through the normal command path, on a clock that replays each
// entry's recordedAt, so late entries really are recorded late and --known-at sees the difference.
import type { CommandResult, Rapport } from '@rapport/core';
import type { DemoEntry } from './types.js';

/**
 * Entries recorded within this span of the batch's first go in one group commit, stamped with the
 * batch's last instant: at most a day later than planned, while late entries are days to weeks late.
 */
const BATCH_SPAN_MS = 24 * 60 * 60 * 1000;
const BATCH_LIMIT = 1000;

export interface DemoClock {
  readonly now: () => Date;
  set(iso: string): void;
}

export const demoClock = (start: string): DemoClock => {
  let now = Date.parse(start);
  return { now: () => new Date(now), set: (iso) => { now = Date.parse(iso); } };
};

/** Consecutive entries recorded within a day of the batch's first, at most BATCH_LIMIT a batch. */
export const batchesOf = (entries: readonly DemoEntry[]): DemoEntry[][] => {
  const batches: DemoEntry[][] = [];
  let current: DemoEntry[] = [];
  let opened = 0;
  for (const entry of entries) {
    const at = Date.parse(entry.recordedAt);
    if (current.length > 0 && (at - opened >= BATCH_SPAN_MS || current.length >= BATCH_LIMIT)) {
      batches.push(current);
      current = [];
    }
    if (current.length === 0) opened = at;
    current.push(entry);
  }
  if (current.length > 0) batches.push(current);
  return batches;
};

export interface DemoApplied {
  readonly applied: number;
  /** Every result that was not `applied`: a demo firm must have none. */
  readonly problems: readonly { readonly entry: DemoEntry; readonly result: CommandResult }[];
}

export const applyDemoFirm = async (
  rapport: Rapport,
  clock: DemoClock,
  entries: readonly DemoEntry[],
  onProgress: (done: number) => void = () => undefined,
): Promise<DemoApplied> => {
  let applied = 0;
  let done = 0;
  const problems: { entry: DemoEntry; result: CommandResult }[] = [];
  for (const batch of batchesOf(entries)) {
    const last = batch[batch.length - 1];
    if (last === undefined) continue;
    clock.set(last.recordedAt);
    const results = await rapport.executeBatchUntyped(batch.map((entry) => entry.command));
    results.forEach((result, i) => {
      const entry = batch[i];
      if (result.status === 'applied') applied += 1;
      else if (entry !== undefined) problems.push({ entry, result });
    });
    done += batch.length;
    onProgress(done);
  }
  return { applied, problems };
};
