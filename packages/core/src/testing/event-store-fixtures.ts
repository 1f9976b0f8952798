// Helpers shared by the event-store contract suites: event builders and Either unwrapping.
import { isLeft, isRight, type Either } from 'fp-ts/lib/Either.js';
import { expect } from 'vitest';
import type { EventStore, StreamConflict } from '../ports/event-store.js';
import type { NewEvent, RecordedEvent } from '../domain/envelope.js';
import { verifyChain } from '../integrity/hash.js';

export interface ContractStoreOptions {
  /** The store must stamp recordedAt from this clock. */
  readonly clock?: () => Date;
}

export type EventStoreFactory = (options?: ContractStoreOptions) => Promise<{ store: EventStore; cleanup(): Promise<void> }>;

export const T0 = '2024-03-01T09:30:00.000Z';

export const newEvent = (type: string, data: Record<string, unknown> = {}, recordedAt?: string): NewEvent => ({
  type,
  data,
  metadata: {
    occurredAt: T0,
    actor: 'alice',
    commandId: null,
    correlationId: null,
    causationId: null,
    schemaVersion: 1,
    ...(recordedAt === undefined ? {} : { recordedAt }),
  },
});

export const events = (n: number, type = 'Noted'): NewEvent[] => Array.from({ length: n }, (_, i) => newEvent(type, { i }));

export const stored = (result: Either<StreamConflict, readonly RecordedEvent[]>): readonly RecordedEvent[] => {
  if (isLeft(result)) throw new Error(`expected an append, got a conflict: ${JSON.stringify(result.left)}`);
  return result.right;
};

export const conflict = (result: Either<StreamConflict, readonly RecordedEvent[]>): StreamConflict => {
  if (isRight(result)) throw new Error('expected a StreamConflict, got an append');
  return result.left;
};

export const readAllEvents = async (store: EventStore, options?: Parameters<EventStore['readAll']>[0]): Promise<RecordedEvent[]> => {
  const all: RecordedEvent[] = [];
  for await (const batch of store.readAll(options)) all.push(...batch);
  return all;
};

/** Reads the log until readAll fails: the events it gave first, and the failure (null if none). */
export const readAllUntilFailure = async (store: EventStore, options?: Parameters<EventStore['readAll']>[0]): Promise<{ events: RecordedEvent[]; failure: unknown }> => {
  const events: RecordedEvent[] = [];
  try {
    for await (const batch of store.readAll(options)) events.push(...batch);
  } catch (failure) {
    return { events, failure };
  }
  return { events, failure: null };
};

/** Runs `body` on a fresh store, cleaning up whatever happens. */
export const withStore =
  (factory: EventStoreFactory, body: (store: EventStore) => Promise<void>, options?: ContractStoreOptions) => async (): Promise<void> => {
    const { store, cleanup } = await factory(options);
    try {
      await body(store);
    } finally {
      await cleanup();
    }
  };

/** A clock that advances one second per reading, so each append's instant is known. */
export const steppingClock = (start: string): (() => Date) => {
  let next = Date.parse(start);
  return () => {
    const now = new Date(next);
    next += 1000;
    return now;
  };
};


/**
 * Two store instances over one backing store (two pools, two clients) append to one stream at the
 * same revision, ten rounds: each round exactly one wins and the other gets the actual version.
 * Returns the stream as `b` then reads it, versions gap-free and its chain intact.
 */
export const raceTwoWriters = async (a: EventStore, b: EventStore): Promise<readonly RecordedEvent[]> => {
  stored(await a.append({ stream: 'client-A', expected: 'no-stream', events: events(1) }));
  for (let round = 0; round < 10; round++) {
    const results = await Promise.all(
      [a, b].map((store, w) => store.append({ stream: 'client-A', expected: round, events: [newEvent('Noted', { w, round })] })),
    );
    expect(results.filter(isRight)).toHaveLength(1);
    const [lost] = results.filter(isLeft);
    expect(lost?.left).toEqual({ kind: 'StreamConflict', stream: 'client-A', expected: round, actual: round + 1 });
  }
  const stream = await b.readStream('client-A');
  expect(stream).toHaveLength(11);
  expect(stream.map((e) => e.streamVersion)).toEqual(stream.map((_, i) => i));
  expect(verifyChain(stream)).toBeNull();
  return stream;
};
