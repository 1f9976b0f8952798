// The one rule every store applies before writing: is the stream where the writer expects it?
import type { ExpectedRevision, StreamConflict } from '@rapport/domain';

/** A stream's last streamVersion, -1 when the stream does not exist yet. */
export type StreamVersion = number;
export const NO_STREAM: StreamVersion = -1;

/** Null when `expected` holds for a stream at `version`, else the conflict to return. */
export const conflictAt = (stream: string, expected: ExpectedRevision, version: StreamVersion): StreamConflict | null => {
  const holds = expected === 'any' || (expected === 'no-stream' ? version === NO_STREAM : expected === version);
  return holds ? null : { kind: 'StreamConflict', stream, expected, actual: version === NO_STREAM ? 'no-stream' : version };
};
