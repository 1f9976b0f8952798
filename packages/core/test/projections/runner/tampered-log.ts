// A log as a newer writer might leave it for this code: C1's engagement no longer decodes (its fee
// gone), so every projection that reads it parks it.
import { expect } from 'vitest';
import { createMemoryEventStore, createMemoryReadModelStore, createRapport, type EventStore } from '@rapport/core';

export const tampered = (inner: EventStore): EventStore => ({
  ...inner,
  async *readAll(options) {
    for await (const batch of inner.readAll(options)) {
      yield batch.map((e) => (e.type === 'ClientEngaged' ? { ...e, data: { clientId: 'C1', engagementId: 'E1' } } : e));
    }
  },
});

/**
 * `commands` applied in memory, and a reader of the same read models through the tampered log,
 * caught up: whatever parks C1's engagement has parked it.
 */
export const caughtUpThroughTamperedLog = async (commands: readonly unknown[]) => {
  const eventStore = createMemoryEventStore();
  const readModelStore = createMemoryReadModelStore();
  const writer = createRapport({ eventStore, readModelStore });
  for (const command of commands) expect((await writer.executeUntyped(command)).status).toBe('applied');
  const reader = createRapport({ eventStore: tampered(eventStore), readModelStore });
  await reader.catchUp();
  return { eventStore, readModelStore, reader };
};
