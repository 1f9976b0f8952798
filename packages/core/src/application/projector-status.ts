// What an operator asks of the read models themselves (issue 10.4, 10.5): which events are parked,
// a retry (a rebuild of the projections that parked it) or a skip (the loss accepted), and per
// projection how far it got, how far behind the log it is, and who projects it.
import { comparePositions, positionNumber, type LogPosition } from '../domain/envelope.js';
import { StoreUnavailable, type EventStore } from '../ports/event-store.js';
import { CheckpointConflict, type GenerationHead, type ReadModelStore } from '../ports/read-model-store.js';
import { parkedAt, parkedIn, skippedDocument, type ParkedAt, type ParkedEvent } from '../projections/runner/parked.js';
import { recordedLag, refusalOf, staleReason } from '../projections/runner/origin.js';
import { rebuildProgressOf, type RebuildProgress } from '../projections/runner/rebuild-progress.js';

export interface ProjectionStatus {
  readonly name: string;
  readonly generation: number | null;
  readonly version: number | null;
  /** The position of the last event folded; null before any. */
  readonly checkpoint: number | null;
  /**
   * Events in the log after the checkpoint, counted in the event store; when it is not opened
   * (--catch-up never) or cannot be reached, the count the projector recorded with the checkpoint;
   * null when neither is known.
   */
  readonly lag: number | null;
  /** `host:pid` of the active projector; null when no lease runs. */
  readonly leaseHolder: string | null;
  /** When the active projector last renewed its lease; null when none is active. */
  readonly heartbeatAt: string | null;
  readonly parked: number;
  /** A rebuild in progress, in this process or another: events folded so far of the total, since when; null when none runs. */
  readonly rebuild: RebuildProgress | null;
}

/** Tries of a read of a projection's live generation while rebuilds keep replacing it. */
const ATTEMPTS = 5;

/**
 * Runs `read` on the projection's live head (null when it has none), and again on the new head
 * when the generation it read is dropped meanwhile (CheckpointConflict): a rebuild, or another
 * process's first build, swapping generations is no failure of the read.
 */
const onLiveGeneration = async <T>(store: ReadModelStore, name: string, read: (head: GenerationHead | null) => Promise<T>): Promise<T> => {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read(await store.head(name));
    } catch (error) {
      if (!(error instanceof CheckpointConflict) || attempt >= ATTEMPTS) throw error;
    }
  }
};

export const listParked = async (store: ReadModelStore, names: readonly string[]): Promise<ParkedEvent[]> => {
  const all: ParkedEvent[] = [];
  for (const name of names) all.push(...(await onLiveGeneration(store, name, async (head) => (head === null ? [] : parkedIn(store, name, head.generation)))));
  return all.sort((a, b) => a.position - b.position || (a.projection < b.projection ? -1 : 1));
};

/** Marks the event `at` names skipped wherever it is parked; the projections it was in. */
export const skipParked = async (store: ReadModelStore, names: readonly string[], at: ParkedAt): Promise<string[]> => {
  const skipped: string[] = [];
  for (const name of names) {
    const skippedHere = await onLiveGeneration(store, name, async (head) => {
      const stored = head === null ? undefined : await parkedAt(store, name, head.generation, at);
      if (head === null || head.checkpoint === null || stored === undefined) return false;
      // Documents only, at the checkpoint as it stands: a projector moving it meanwhile is a conflict, and the step runs again.
      const move = { from: head.checkpoint, to: head.checkpoint, ...(head.origin === null ? {} : { origin: head.origin }) };
      await store.applyBatch(name, head.generation, [skippedDocument(stored)], move);
      return true;
    });
    if (skippedHere) skipped.push(name);
  }
  return skipped;
};

/** Events in the log after `checkpoint` (the whole log when null): the store's count, else read in batches. */
const eventsAfter = async (eventStore: EventStore, checkpoint: LogPosition | null): Promise<number> => {
  if (eventStore.countAfter !== undefined) return eventStore.countAfter(checkpoint);
  let count = 0;
  for await (const batch of eventStore.readAll(checkpoint === null ? { batchSize: 5000 } : { after: checkpoint, batchSize: 5000 })) {
    for (const e of batch) if (checkpoint === null || comparePositions(e.position, checkpoint) > 0) count++;
  }
  return count;
};

export const projectionStatus = async (
  store: ReadModelStore,
  eventStore: EventStore | null,
  names: readonly string[],
  now: number,
): Promise<ProjectionStatus[]> => {
  /** A log that cannot be reached says nothing of where read models come from (its lag is null too). */
  const unreachableAsNone = (error: unknown): null => {
    if (error instanceof StoreUnavailable) return null;
    throw error;
  };

  // The log's identity, to tell read models of another event store (whose lag would be counted
  // from a checkpoint in that store's numbering); null when the log cannot be reached.
  let identity: Promise<string | null> | undefined;
  const identityOfLog = (log: EventStore): Promise<string | null> => (identity ??= log.identity().catch(unreachableAsNone));

  /** One projection's status, all of it read from one live generation. */
  const statusOf = async (name: string, head: GenerationHead | null): Promise<ProjectionStatus> => {
    let lag: number | null = head === null ? null : recordedLag(head.origin);
    if (eventStore !== null) {
      const log = head === null ? null : await identityOfLog(eventStore);
      // Read models of another store, or of a log that no longer holds their last event (a
      // restore, a diverged copy): their checkpoint is in another history, so no lag is theirs.
      const stale = log === null || head === null ? null : await staleReason(eventStore, log, head).catch(unreachableAsNone);
      const refusal = stale === null || log === null ? null : refusalOf(name, stale, log);
      if (refusal !== null) throw refusal;
      try {
        lag = await eventsAfter(eventStore, head?.checkpoint ?? null);
      } catch (error) {
        if (!(error instanceof StoreUnavailable)) throw error;
        // Issue 10: a log that cannot be reached gives no lag, not the last one recorded.
        lag = null;
      }
    }
    const lease = await store.leaseState(name);
    const active = lease !== null && lease.expiresAt > now;
    return {
      name,
      generation: head?.generation ?? null,
      version: head?.version ?? null,
      checkpoint: head?.checkpoint == null ? null : positionNumber(head.checkpoint),
      lag,
      leaseHolder: active ? lease.holder : null,
      heartbeatAt: active ? new Date(lease.renewedAt).toISOString() : null,
      parked: head === null ? 0 : (await parkedIn(store, name, head.generation)).length,
      rebuild: await rebuildProgressOf(store, name, now),
    };
  };
  const statuses: ProjectionStatus[] = [];
  for (const name of names) statuses.push(await onLiveGeneration(store, name, (head) => statusOf(name, head)));
  return statuses;
};
