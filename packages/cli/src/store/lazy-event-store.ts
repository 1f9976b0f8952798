// An event store opened on first use: a reader with --catch-up never answers from the read models
// alone, so a server that holds the log need not be reachable, and is never contacted.
import type { EventStore, ReadAllOptions } from '@rapport/core';

export const lazyEventStore = (open: () => Promise<EventStore>): EventStore => {
  let opened: Promise<EventStore> | undefined;
  const store = (): Promise<EventStore> => (opened ??= open());
  return {
    append: async (request) => (await store()).append(request),
    appendBatch: async (requests) => {
      const inner = await store();
      if (inner.appendBatch === undefined) throw new Error('this event store has no group commit');
      return inner.appendBatch(requests);
    },
    readStream: async (stream) => (await store()).readStream(stream),
    // A group commit loads the streams its batch has not seen in one call where the store can.
    readStreams: async (streams) => {
      const inner = await store();
      if (inner.readStreams !== undefined) return inner.readStreams(streams);
      const read = await Promise.all(streams.map(async (stream) => [stream, await inner.readStream(stream)] as const));
      return new Map(read);
    },
    async *readAll(options?: ReadAllOptions) {
      yield* (await store()).readAll(options);
    },
    // Opens the store: only a projector waits, and it reads next anyway. A store without a wake-up
    // is polled by the caller's next round.
    waitForAppends: async (after, options) => {
      const inner = await store();
      return inner.waitForAppends === undefined ? true : inner.waitForAppends(after, options);
    },
    countAfter: async (after) => {
      const inner = await store();
      if (inner.countAfter === undefined) throw new Error('this event store cannot count events');
      return inner.countAfter(after);
    },
    identity: async () => (await store()).identity(),
    // Never opened, nothing to close.
    close: async () => (opened === undefined ? undefined : (await opened).close()),
  };
};
