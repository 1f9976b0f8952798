import { describe, expect, it } from 'vitest';
import { sequencePosition } from '../../src/domain/envelope.js';
import { createMemoryEventStore } from '../../src/stores/memory/event-store.js';
import { eventStoreContract } from '../../src/testing/event-store-contract.js';
import { events, readAllEvents, stored } from '../../src/testing/event-store-fixtures.js';

eventStoreContract('memory', async (options) => ({ store: createMemoryEventStore(options), cleanup: async () => {} }));

describe('memory event store', () => {
  it('numbers positions 1, 2, 3… and reads after any position, even one between events', async () => {
    const store = createMemoryEventStore();
    const written = stored(await store.append({ stream: 'client-A', expected: 'no-stream', events: events(5) }));
    expect(written.map((e) => e.position)).toEqual([1, 2, 3, 4, 5].map(sequencePosition));
    expect((await readAllEvents(store, { after: { commit: 3n, prepare: 2n } })).map((e) => e.streamVersion)).toEqual([2, 3, 4]);
    expect((await readAllEvents(store, { after: sequencePosition(0) })).length).toBe(5);
    expect((await readAllEvents(store, { after: sequencePosition(99) })).length).toBe(0);
  });

  it('freezes what it returns', async () => {
    const store = createMemoryEventStore();
    const [event] = stored(await store.append({ stream: 'client-A', expected: 'no-stream', events: events(1) }));
    expect(Object.isFrozen(event)).toBe(true);
    expect(Object.isFrozen(event!.data)).toBe(true);
    expect(Object.isFrozen(event!.position)).toBe(true);
  });

  it('rejects a batch size that is not a positive integer', async () => {
    await expect(readAllEvents(createMemoryEventStore(), { batchSize: 0 })).rejects.toBeInstanceOf(RangeError);
  });
});
