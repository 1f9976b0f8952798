// Reading ahead (Projection.reads): before a runner folds a page of events, the documents those
// events will ask for and the runner does not hold are read in one store call per collection,
// instead of one call per miss as each handler asks.
import { comparePositions, type LogPosition, type RecordedEvent } from '../../domain/envelope.js';
import type { ReadModelStore } from '../../ports/read-model-store.js';
import type { ProjectedEvent } from '../projection.js';
import { projectEvent } from './fold.js';
import type { Generation } from './generation.js';

/** A target of a pass, as far as reading ahead needs it. */
export interface ReadAheadTarget {
  readonly target: Generation;
  /** Events at or before this position are already in the generation. */
  readonly skipThrough: LogPosition | null;
}

/** The event decoded, or undefined when it does not decode (the fold parks it, with the reason). */
const decodedOrUndefined = (recorded: RecordedEvent): ProjectedEvent | undefined => {
  try {
    return projectEvent(recorded);
  } catch {
    return undefined;
  }
};

/** A projection's declared reads for an event; a hint, so one that fails declares nothing. */
const declaredReads = (target: Generation, event: ProjectedEvent): readonly { readonly collection: string; readonly key: string }[] => {
  try {
    return target.projection.reads?.(event) ?? [];
  } catch {
    return [];
  }
};

/**
 * Before a page of events is folded: reads together the documents its events will ask for that a
 * target does not hold. Returns the page decoded for the fold (undefined where an event does not
 * decode, or when no target needed this), so no event is decoded twice.
 */
export type ReadAhead = (pending: readonly ReadAheadTarget[], batch: readonly RecordedEvent[], until: LogPosition | undefined) => Promise<readonly (ProjectedEvent | undefined)[] | undefined>;

export const createReadAhead =
  (readModelStore: ReadModelStore): ReadAhead =>
  async (pending: readonly ReadAheadTarget[], batch: readonly RecordedEvent[], until: LogPosition | undefined) => {
    const readers = pending.filter((p) => p.target.projection.reads !== undefined && !Object.values(p.target.cache.collections).every((c) => c.complete));
    if (readers.length === 0) return undefined;
    const events = batch.map((recorded) => (until !== undefined && comparePositions(recorded.position, until) > 0 ? undefined : decodedOrUndefined(recorded)));
    for (const { target, skipThrough } of readers) {
      const wanted = new Map<string, Set<string>>();
      for (const [i, event] of events.entries()) {
        if (event === undefined || (skipThrough !== null && comparePositions(batch[i]!.position, skipThrough) <= 0)) continue;
        for (const { collection, key } of declaredReads(target, event)) {
          const cached = target.cache.collection(collection);
          if (cached === undefined || !cached.needs(key)) continue;
          let keys = wanted.get(collection);
          if (keys === undefined) wanted.set(collection, (keys = new Set()));
          keys.add(key);
        }
      }
      for (const [collection, keys] of wanted) {
        const found = await readModelStore.get(target.projection.name, target.number, collection, [...keys]);
        const cached = target.cache.collection(collection)!;
        for (const key of keys) cached.fetched(key, found.get(key));
      }
    }
    return events;
  };
