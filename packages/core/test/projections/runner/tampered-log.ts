// A log as a newer writer might leave it for this code: C1's engagement no longer decodes (its fee
// gone), so every projection that reads it parks it.
import type { EventStore } from '@rapport/core';

export const tampered = (inner: EventStore): EventStore => ({
  ...inner,
  async *readAll(options) {
    for await (const batch of inner.readAll(options)) {
      yield batch.map((e) => (e.type === 'ClientEngaged' ? { ...e, data: { clientId: 'C1', engagementId: 'E1' } } : e));
    }
  },
});
