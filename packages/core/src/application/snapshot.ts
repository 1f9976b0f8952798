// A stream as the command path needs it: the decider state plus what idempotency and ordering need.
import { isLeft } from 'fp-ts/lib/Either.js';
import type { LogPosition, RecordedEvent } from '../domain/envelope.js';
import { decodeEvent, type DomainEvent } from '../domain/events.js';
import { evolveStream, initialStreamState, type StreamState } from '../domain/stream-kinds.js';
import { CommandIds } from './command-ids.js';

export interface StreamSnapshot {
  readonly stream: string;
  /** streamVersion of the last event, -1 for a stream that does not exist. */
  readonly revision: number;
  readonly lastOccurredAt: string | null;
  /** commandId → the position of the event it recorded (null while pending in a group commit). */
  readonly commandIds: CommandIds;
  readonly current: StreamState;
}

export const emptySnapshot = (stream: string): StreamSnapshot => ({
  stream,
  revision: -1,
  lastOccurredAt: null,
  commandIds: CommandIds.of(-1, []),
  current: initialStreamState(stream),
});

/** A stored event that no longer decodes is corruption, not a domain outcome. */
export class UndecodableEvent extends Error {
  override readonly name = 'UndecodableEvent';
}

export const decodeRecorded = (event: RecordedEvent): DomainEvent => {
  const decoded = decodeEvent(event.type, event.data);
  if (isLeft(decoded)) {
    throw new UndecodableEvent(`event ${event.stream}@${event.streamVersion} (${event.type}) does not decode`);
  }
  return decoded.right;
};

export const advance = (
  snapshot: StreamSnapshot,
  event: DomainEvent,
  streamVersion: number,
  occurredAt: string,
  commandId: string | null,
  position: LogPosition | null,
): StreamSnapshot => ({
  stream: snapshot.stream,
  revision: streamVersion,
  lastOccurredAt: occurredAt,
  commandIds: snapshot.commandIds.advancedTo(streamVersion, commandId, position),
  current: evolveStream(snapshot.current, event),
});

export const foldStream = (stream: string, events: readonly RecordedEvent[]): StreamSnapshot => {
  const recorded: [string, number, LogPosition][] = [];
  let current = initialStreamState(stream);
  for (const e of events) {
    current = evolveStream(current, decodeRecorded(e));
    if (e.metadata.commandId !== null) recorded.push([e.metadata.commandId, e.streamVersion, e.position]);
  }
  const last = events[events.length - 1];
  return last === undefined
    ? emptySnapshot(stream)
    : { stream, revision: last.streamVersion, lastOccurredAt: last.metadata.occurredAt, commandIds: CommandIds.of(last.streamVersion, recorded), current };
};

/**
 * The snapshot with the positions its pending commandIds got when the group commit landed;
 * `committed` is what the commit recorded on this snapshot's stream (the caller groups a batch's
 * events by stream once: scanning the whole batch per stream made a 1,000-command commit cost a
 * million comparisons).
 */
export const withCommittedPositions = (snapshot: StreamSnapshot, committed: readonly RecordedEvent[]): StreamSnapshot => {
  snapshot.commandIds.settle(committed.filter((e) => e.stream === snapshot.stream));
  return snapshot;
};
