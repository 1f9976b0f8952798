// Parked events: an event that does not decode, or that a projection fails on (an event type from
// a newer Rapport during a rolling upgrade, a bug), is recorded beside the projection's documents,
// in the same batch as the checkpoint that moves past it, and the projection carries on. Reports
// keep answering; `rapport parked` lists them, a retry rebuilds, a skip accepts the loss.
import { encodePosition, positionNumber, type LogPosition, type RecordedEvent } from '../../domain/envelope.js';
import { streamCollection, type ReadModelStore, type StoredDocument } from '../../ports/read-model-store.js';

/** The collection parked events are kept in, in every projection's generation. */
export const PARKED = '$parked';

export interface ParkedEvent {
  readonly projection: string;
  /** The event's position as people see it (SPEC §1). */
  readonly position: number;
  readonly stream: string;
  readonly streamVersion: number;
  readonly type: string;
  readonly error: string;
  /**
   * The exact position, `commit/prepare`: where one commit holds several events (PostgreSQL,
   * EventStoreDB), they share `position`, and this names one of them.
   */
  readonly logPosition: string;
}

/** A parked event as an operator names it: its `position`, or its `logPosition` when several share one. */
export type ParkedAt = number | string;

/** Whether `event` is the one `at` names. */
export const isParkedAt = (event: Pick<ParkedEvent, 'position' | 'logPosition'>, at: ParkedAt): boolean =>
  typeof at === 'number' ? event.position === at : event.logPosition === at;

/** As kept in the store: with whether the loss was accepted. */
interface ParkedDoc extends ParkedEvent {
  readonly skipped: boolean;
}

/** Keys sort in log order: both halves of the position zero-padded. */
const keyOf = (p: LogPosition): string => `${p.commit.toString().padStart(20, '0')}/${p.prepare.toString().padStart(20, '0')}`;

export const parkedDocument = (projection: string, recorded: RecordedEvent, failure: unknown): StoredDocument => {
  const doc: ParkedDoc = {
    projection,
    position: positionNumber(recorded.position),
    stream: recorded.stream,
    streamVersion: recorded.streamVersion,
    type: recorded.type,
    error: failure instanceof Error ? failure.message : String(failure),
    logPosition: encodePosition(recorded.position),
    skipped: false,
  };
  return { collection: PARKED, key: keyOf(recorded.position), doc };
};

const isParkedDoc = (doc: unknown): doc is ParkedDoc =>
  typeof doc === 'object' && doc !== null && 'logPosition' in doc && 'position' in doc && 'skipped' in doc;

/** A parked event and whether its loss was accepted (`rapport parked skip`). */
export interface ParkedRecord extends ParkedEvent {
  readonly skipped: boolean;
}

/** Every event parked in a generation, skipped or not, in log order. */
export const parkedRecords = async (store: ReadModelStore, projection: string, generation: number): Promise<ParkedRecord[]> => {
  const records: ParkedRecord[] = [];
  for await (const { doc } of streamCollection(store, projection, generation, PARKED)) {
    if (isParkedDoc(doc)) records.push(doc);
  }
  return records;
};

/** The events parked in a generation and not skipped, in log order. */
export const parkedIn = async (store: ReadModelStore, projection: string, generation: number): Promise<ParkedEvent[]> =>
  (await parkedRecords(store, projection, generation)).filter((r) => !r.skipped).map(({ skipped: _skipped, ...event }) => event);

/** The stored record of a parked event (skipped or not) at `at`, if any. */
export const parkedAt = async (store: ReadModelStore, projection: string, generation: number, at: ParkedAt): Promise<StoredDocument | undefined> => {
  for await (const stored of streamCollection(store, projection, generation, PARKED)) {
    if (isParkedDoc(stored.doc) && isParkedAt(stored.doc, at)) return stored;
  }
  return undefined;
};

/** The same record, marked as a loss accepted: listed no more. */
export const skippedDocument = (stored: StoredDocument): StoredDocument => ({
  ...stored,
  doc: isParkedDoc(stored.doc) ? { ...stored.doc, skipped: true } : stored.doc,
});
