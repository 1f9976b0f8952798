// Helpers shared by the event-store contract suites: event builders and Either unwrapping.
import { isLeft, isRight, type Either } from 'fp-ts/Either';
import type { EventStore, NewEvent, RecordedEvent, StreamConflict } from '@rapport/domain';

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

