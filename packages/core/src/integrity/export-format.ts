// The export file of SPEC §5: one JSON line per event in global order (the `history` event object
// plus `stream`), then a trailer with the counts and a digest over every event hash in file order.
import { createHash, type Hash } from 'node:crypto';
import type { EventMetadata, RecordedEvent } from '../domain/envelope.js';
import { historyEvent } from '../reports/history/query.js';

export interface ExportedEvent {
  readonly stream: string;
  readonly streamVersion: number;
  readonly position: number;
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly metadata: EventMetadata;
}

export interface ExportTrailer {
  readonly events: number;
  readonly streams: number;
  /** SHA-256 hex of every event's hash, concatenated in export order. */
  readonly digest: string;
}

/** The event as an export line holds it: the history event object plus its stream (SPEC §5). */
export const exportedEvent = (event: RecordedEvent): ExportedEvent => ({ stream: event.stream, ...historyEvent(event) });

/** Counts events and distinct streams and folds the digest as lines go by: one entry per stream. */
export interface TrailerBuilder {
  add(stream: string, hash: string): void;
  trailer(): ExportTrailer;
}

export const trailerBuilder = (): TrailerBuilder => {
  const digest: Hash = createHash('sha256');
  const streams = new Set<string>();
  let events = 0;
  return {
    add: (stream, hash) => {
      events++;
      streams.add(stream);
      digest.update(hash, 'utf8');
    },
    trailer: () => ({ events, streams: streams.size, digest: digest.copy().digest('hex') }),
  };
};

/**
 * Writes the log as export text, one string per batch (each line ending in "\n"), the trailer last.
 * Holds one batch and one entry per stream, never the log.
 */
export async function* exportLines(batches: AsyncIterable<readonly RecordedEvent[]>): AsyncGenerator<string> {
  const trailer = trailerBuilder();
  for await (const batch of batches) {
    let text = '';
    for (const event of batch) {
      trailer.add(event.stream, event.metadata.hash);
      text += JSON.stringify(exportedEvent(event)) + '\n';
    }
    if (text !== '') yield text;
  }
  yield JSON.stringify({ trailer: trailer.trailer() }) + '\n';
}
