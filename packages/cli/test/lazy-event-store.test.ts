// The lazy event store opens its store on first use and passes every call through, readStreams
// included (a group commit loads the streams its batch has not seen with it).
import { isRight } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { createMemoryEventStore, type EventStore } from '@rapport/core';
import { lazyEventStore } from '../src/store/lazy-event-store.js';

const noted = (n: number) => ({ type: 'Noted', data: { n }, metadata: { occurredAt: '2024-01-01T00:00:00.000Z', actor: 'test', commandId: null, correlationId: null, causationId: null, schemaVersion: 1 } });

const filled = async (): Promise<EventStore> => {
  const store = createMemoryEventStore();
  for (const stream of ['client-a', 'client-b']) {
    const appended = await store.append({ stream, expected: 'no-stream', events: [noted(1), noted(2)] });
    expect(isRight(appended)).toBe(true);
  }
  return store;
};

describe('lazyEventStore', () => {
  it('opens nothing until used', async () => {
    let opened = 0;
    const lazy = lazyEventStore(async () => {
      opened += 1;
      return filled();
    });
    await lazy.close();
    expect(opened).toBe(0);
  });

  it("reads several streams at once as readStream reads each, missing ones empty, with or without the store's own readStreams", async () => {
    const inner = await filled();
    const wanted = ['client-a', 'client-b', 'client-none'];
    const expected = new Map(await Promise.all(wanted.map(async (s) => [s, await inner.readStream(s)] as const)));
    expect(expected.get('client-a')).toHaveLength(2);
    // A store with readStreams of its own is asked once, for all of them.
    const asked: (readonly string[])[] = [];
    const own = { ...inner, readStreams: async (streams: readonly string[]) => (asked.push(streams), expected) } as EventStore;
    const withIt = lazyEventStore(async () => own);
    expect(await withIt.readStreams!(wanted)).toBe(expected);
    expect(asked).toEqual([wanted]);
    const withoutIt = lazyEventStore(async () => ({ ...inner, readStreams: undefined }) as unknown as EventStore);
    expect(await withoutIt.readStreams!(wanted)).toEqual(expected);
  });
});
