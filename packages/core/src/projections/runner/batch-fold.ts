// Folding one page of the log into each target's batch: the documents a handler reads come from
// the target's cache, read ahead in one call per collection where the projection says what it
// will read, else read on demand; an event that fails to decode or to fold is parked, with the
// checkpoint that moves past it.
import { comparePositions, type LogPosition, type RecordedEvent } from '../../domain/envelope.js';
import type { ReadModelStore, StoredDocument } from '../../ports/read-model-store.js';
import { UndecodableEvent } from '../../application/snapshot.js';
import type { ProjectedEvent } from '../projection.js';
import { DocumentNotCached } from './cache.js';
import { ProjectionFailure, foldEvent, projectEvent } from './fold.js';
import type { Generation } from './generation.js';
import type { Overlay } from './overlay.js';
import { parkedDocument } from './parked.js';
import { createReadAhead } from './read-ahead.js';

/** One batch's work for one generation. */
export interface Pending {
  readonly target: Generation;
  readonly overlay: Overlay;
  /** Events at or before this position are already in the generation; null once past it. */
  skipThrough: LogPosition | null;
  last: LogPosition | null;
  /** The event at `last`, whose hash goes with the checkpoint. */
  lastEvent: RecordedEvent | null;
  /** Events of the batch parked for this target, written with it. */
  readonly parked: StoredDocument[];
  events: number;
  /** When the batch was opened, for its latency (telemetry's clock). */
  readonly openedAt: number;
}

/** What folding a page needs from the pass. */
export interface BatchFoldContext {
  readonly readModelStore: ReadModelStore;
  readonly onParked?: (notice: { readonly projection: string; readonly position: LogPosition; readonly reason: string }) => void;
}

/** How far a page got: `done` at `until` or a failure (a store's, to be rethrown), `read` events of it consumed. */
export interface BatchFolded {
  readonly done: boolean;
  readonly failure?: unknown;
  readonly read: number;
}

export const createBatchFold = (context: BatchFoldContext): ((pending: readonly Pending[], batch: readonly RecordedEvent[], until: LogPosition | undefined) => Promise<BatchFolded>) => {
  const { readModelStore } = context;
  const readAhead = createReadAhead(readModelStore);

  /** Reads a document a handler asked for into the cache (absent ones are remembered as such). */
  const fetch = async (target: Generation, { collection, key }: DocumentNotCached): Promise<void> => {
    const cached = target.cache.collection(collection);
    // A collection the projection does not declare: the fold reports it as the projection's failure.
    if (cached === undefined) throw new Error(`projection ${target.projection.name} read collection "${collection}", which it does not declare`);
    const found = await readModelStore.get(target.projection.name, target.number, collection, [key]);
    cached.fetched(key, found.get(key));
  };

  /**
   * Folds one event into a target. Synchronous when the handler finds what it reads in memory,
   * which is nearly always: a promise (and its await) for each of a rebuild's events and
   * projections was the largest source of garbage in a rebuild's profile.
   */
  const foldInto = (p: Pending, event: ProjectedEvent, recorded: RecordedEvent): Promise<void> | undefined => {
    try {
      foldEvent(p.target.projection, p.overlay, event, recorded);
      return undefined;
    } catch (error) {
      if (!(error instanceof DocumentNotCached)) throw error;
      return foldAfterReading(p, event, recorded, error);
    }
  };

  /**
   * Reads from the store what the handler asked for, then folds the event again, as often as it
   * asks for another document. Asked again for the one just read, the cache did not keep it: a
   * bug, which fails the fold rather than read the same document for ever.
   */
  const foldAfterReading = async (p: Pending, event: ProjectedEvent, recorded: RecordedEvent, missing: DocumentNotCached): Promise<void> => {
    for (let wanted = missing; ; ) {
      await fetch(p.target, wanted);
      try {
        return foldEvent(p.target.projection, p.overlay, event, recorded);
      } catch (error) {
        if (!(error instanceof DocumentNotCached)) throw error;
        if (error.collection === wanted.collection && error.key === wanted.key) {
          throw new Error(`projection ${p.target.projection.name}: document ${wanted.collection}/${wanted.key} was read from the store and is still not in memory`);
        }
        wanted = error;
      }
    }
  };

  /** Folds one batch into each target's overlay. Stops at `until` or at the first failure. */
  const foldBatch = async (pending: readonly Pending[], batch: readonly RecordedEvent[], until: LogPosition | undefined) => {
    let read = 0;
    let decoded: readonly (ProjectedEvent | undefined)[] | undefined;
    try {
      decoded = await readAhead(pending, batch, until);
    } catch (failure) {
      // The store failed to read: nothing of the page is folded.
      return { done: true, failure, read };
    }
    for (let i = 0; i < batch.length; i++) {
      const recorded = batch[i]!;
      if (until !== undefined && comparePositions(recorded.position, until) > 0) return { done: true, read };
      let event: ProjectedEvent | undefined = decoded?.[i];
      for (const p of pending) {
        if (p.skipThrough !== null) {
          if (comparePositions(recorded.position, p.skipThrough) <= 0) continue;
          p.skipThrough = null;
        }
        try {
          event ??= projectEvent(recorded);
          const reading = foldInto(p, event, recorded);
          if (reading !== undefined) await reading;
        } catch (failure) {
          // A store that failed (reading a document) is not the event's fault: stop there.
          if (!(failure instanceof UndecodableEvent || failure instanceof ProjectionFailure)) return { done: true, failure, read };
          // The event is parked, with the checkpoint that moves past it, and nothing of it folded.
          p.parked.push(parkedDocument(p.target.projection.name, recorded, failure));
          context.onParked?.({ projection: p.target.projection.name, position: recorded.position, reason: failure.message });
        }
        p.last = recorded.position;
        p.lastEvent = recorded;
        p.events += 1;
      }
      read += 1;
    }
    return { done: false, read };
  };

  return foldBatch;
};
