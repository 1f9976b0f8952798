// A client's history from the `history` read model (history CLIENT --catch-up never): its events
// in stream order, as the event store would give them to the history report, without the log.
import { positionNumber, samePosition, type RecordedEvent } from '../domain/envelope.js';
import { clientStream } from '../domain/streams.js';
import { StoreUnavailable } from '../ports/event-store.js';
import { CheckpointConflict, streamCollection, type ReadModelStore } from '../ports/read-model-store.js';
import { historyProjection, historyRange, recordedOf, type HistoryEntry } from '../projections/history/projection.js';
import { recordedLag } from '../projections/runner/origin.js';
import { parkedRecords } from '../projections/runner/parked.js';
import { READ_ATTEMPTS, keptMoving, pauseBeforeReadingAgain } from './moving-read-models.js';
import { UndecodableEvent } from './snapshot.js';

export interface StoredHistory {
  readonly events: readonly RecordedEvent[];
  /** How far the read model had got (see Freshness in rapport.ts). */
  readonly freshness: { readonly checkpoint: number | null; readonly lag: number | null };
}

/**
 * The client's stored events; an event of its stream the projector parked (even one whose loss
 * was accepted since) is an integrity failure here as it is when history reads the log (an
 * auditor's trail must not have a hole).
 */
export const storedHistory = async (store: ReadModelStore, clientId: string): Promise<StoredHistory> => {
  const name = historyProjection.name;
  for (let attempt = 1; ; attempt++) {
    const head = await store.head(name);
    if (head === null) throw new StoreUnavailable('the history read model has never been built: run a projector first (rapport project, or runProjector or catchUp in the API), or ask without catchUp never');
    try {
      // Skipped or not: a skip accepts the loss for the reports' numbers, but this trail would
      // still have a hole where the event is (read from the log, it is the same failure).
      const parked = (await parkedRecords(store, name, head.generation)).find((p) => p.stream === clientStream(clientId));
      if (parked !== undefined) {
        throw new UndecodableEvent(parked.skipped ? `${parked.error} (skipped by rapport parked skip, so the history read model does not hold it)` : parked.error);
      }
      const events: RecordedEvent[] = [];
      for await (const { doc } of streamCollection(store, name, head.generation, 'chunks', historyRange(clientId))) {
        // The projection wrote these documents (chunks of entries), so their type is known here.
        events.push(...recordedOf(clientId, doc as readonly HistoryEntry[]));
      }
      const after = await store.head(name);
      // A batch committed between two pages: read again, so the events are one state of the log.
      if (after?.generation === head.generation && samePosition(after.checkpoint, head.checkpoint)) {
        return { events, freshness: { checkpoint: head.checkpoint === null ? null : positionNumber(head.checkpoint), lag: recordedLag(head.origin) } };
      }
    } catch (error) {
      // The generation was dropped by a rebuild while it was read.
      if (!(error instanceof CheckpointConflict)) throw error;
    }
    if (attempt >= READ_ATTEMPTS) throw keptMoving('the history read model');
    await pauseBeforeReadingAgain(attempt);
  }
};
