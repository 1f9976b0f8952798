// The one rule every store applies before writing: is the stream where the writer expects it?
import type { AppendRequest, ExpectedRevision, StreamConflict } from '../../ports/event-store.js';

/** A stream's last streamVersion, -1 when the stream does not exist yet. */
export type StreamVersion = number;
export const NO_STREAM: StreamVersion = -1;

/** Null when `expected` holds for a stream at `version`, else the conflict to return. */
export const conflictAt = (stream: string, expected: ExpectedRevision, version: StreamVersion): StreamConflict | null => {
  const holds = expected === 'any' || (expected === 'no-stream' ? version === NO_STREAM : expected === version);
  return holds ? null : { kind: 'StreamConflict', stream, expected, actual: version === NO_STREAM ? 'no-stream' : version };
};

/**
 * Checks every request's expectation before anything is written, each request seeing the ones
 * before it in the same batch (two appends to one stream in one group commit).
 */
export const firstConflict = (requests: readonly AppendRequest[], versionOf: (stream: string) => StreamVersion): StreamConflict | null => {
  const planned = new Map<string, StreamVersion>();
  for (const { stream, expected, events } of requests) {
    const version = planned.get(stream) ?? versionOf(stream);
    const conflict = conflictAt(stream, expected, version);
    if (conflict !== null) return conflict;
    planned.set(stream, version + events.length);
  }
  return null;
};
