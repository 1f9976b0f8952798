// `rapport import` (SPEC §5): checks the whole file first, then appends every event with its
// original metadata, each stream at its exact expected revision, and checks the store rebuilt the
// same hash chain. Positions in the target are its own (SPEC §1).
import { isLeft } from 'fp-ts/lib/Either.js';
import type { AppendRequest, EventStore } from '../ports/event-store.js';
import type { NewEvent, RecordedEvent } from '../domain/envelope.js';
import { salespersonStream } from '../domain/streams.js';
import type { ExportedEvent } from './export-format.js';
import { checkExport, parseExportLine, type InvalidExport, type NumberedLine } from './import-check.js';

/** The target store already holds one of the file's streams (or a writer got there meanwhile). */
export interface ImportConflict {
  readonly kind: 'ImportConflict';
  readonly stream: string;
  readonly message: string;
}

/** The store stored an event under another hash than the file's: an integrity failure. */
export interface ImportHashMismatch {
  readonly kind: 'ImportHashMismatch';
  readonly stream: string;
  readonly streamVersion: number;
  readonly message: string;
}

export type ImportRefusal = InvalidExport | ImportConflict | ImportHashMismatch;

export interface ImportSummary {
  readonly imported: number;
  readonly streams: number;
}

export interface ImportOptions {
  /**
   * Events per transaction. A file up to this size goes in with one `appendBatch`: all or nothing.
   * A bigger one goes in several, so a store failing mid-way keeps the transactions before it.
   */
  readonly maxEventsPerTransaction?: number;
}

export const DEFAULT_MAX_EVENTS_PER_TRANSACTION = 100_000;

/** Every original metadata field travels, recordedAt included; the store recomputes the hash. */
const newEventOf = (e: ExportedEvent): NewEvent => {
  const { hash: _hash, ...metadata } = e.metadata;
  return { type: e.type, data: e.data, metadata };
};

/**
 * Imports an export file that `open` reads from the start each time it is called (it is read twice:
 * once to check it, once to append). Nothing is written unless the whole file checks out and the
 * target holds none of its streams.
 */
export const importExport = async (
  store: EventStore,
  open: () => AsyncIterable<NumberedLine>,
  options: ImportOptions = {},
): Promise<ImportRefusal | ImportSummary> => {
  const checked = await checkExport(open());
  if ('kind' in checked) return checked;
  for (const stream of checked.streams) {
    const existing = await store.readStream(stream);
    if (existing.length > 0) {
      return { kind: 'ImportConflict', stream, message: `the target store already holds stream ${stream} (${existing.length} events)` };
    }
  }
  // An owner or contact the file never registers must be one the target store has registered.
  for (const [salespersonId, { line, at }] of checked.salespeopleOutside) {
    if ((await store.readStream(salespersonStream(salespersonId))).length === 0) {
      return {
        kind: 'InvalidExport',
        line,
        message: `${at}: no command could have written it: SalespersonNotFound: salesperson ${salespersonId} is registered neither earlier in the file nor in the target store`,
      };
    }
  }
  const maxEvents = options.maxEventsPerTransaction ?? DEFAULT_MAX_EVENTS_PER_TRANSACTION;
  let pending: ExportedEvent[] = [];
  let imported = 0;
  for await (const source of open()) {
    if ('problem' in source) return { kind: 'InvalidExport', line: source.line, message: `${source.problem} (the file changed while importing)` };
    const parsed = parseExportLine(source.text);
    if (!('event' in parsed)) continue;
    pending.push(parsed.event);
    if (pending.length >= maxEvents) {
      const refusal = await appendEvents(store, pending);
      if (refusal !== null) return refusal;
      imported += pending.length;
      pending = [];
    }
  }
  const refusal = await appendEvents(store, pending);
  if (refusal !== null) return refusal;
  imported += pending.length;
  return { imported, streams: checked.streams.length };
};

/** Consecutive events of one stream make one request; a stream's first event expects no stream. */
const requestsOf = (events: readonly ExportedEvent[]): AppendRequest[] => {
  const requests: { stream: string; expected: AppendRequest['expected']; events: NewEvent[] }[] = [];
  for (const event of events) {
    const last = requests.at(-1);
    if (last?.stream === event.stream) last.events.push(newEventOf(event));
    else {
      const expected = event.streamVersion === 0 ? 'no-stream' : event.streamVersion - 1;
      requests.push({ stream: event.stream, expected, events: [newEventOf(event)] });
    }
  }
  return requests;
};

const appendEvents = async (store: EventStore, events: readonly ExportedEvent[]): Promise<ImportRefusal | null> => {
  if (events.length === 0) return null;
  const requests = requestsOf(events);
  const recorded: RecordedEvent[] = [];
  if (store.appendBatch !== undefined) {
    const result = await store.appendBatch(requests);
    if (isLeft(result)) return conflict(result.left.stream);
    recorded.push(...result.right);
  } else {
    // No multi-stream transactions: one append per request, so a failure leaves the ones before.
    for (const request of requests) {
      const result = await store.append(request);
      if (isLeft(result)) return conflict(result.left.stream);
      recorded.push(...result.right);
    }
  }
  for (let i = 0; i < events.length; i++) {
    const expected = events[i]!;
    const stored = recorded[i];
    if (stored?.metadata.hash !== expected.metadata.hash) {
      return {
        kind: 'ImportHashMismatch',
        stream: expected.stream,
        streamVersion: expected.streamVersion,
        message: `${expected.stream} streamVersion ${expected.streamVersion}: the store recorded hash ${stored?.metadata.hash ?? 'none'}, the file has ${expected.metadata.hash}`,
      };
    }
  }
  return null;
};

const conflict = (stream: string): ImportConflict => ({
  kind: 'ImportConflict',
  stream,
  message: `stream ${stream} changed in the target store while importing`,
});
