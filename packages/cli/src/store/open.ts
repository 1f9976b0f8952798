// Opens the event store a --store URL names. Kinds whose adapters do not exist yet fail as an
// unreachable store (exit 3) instead of pretending to work.
import { createMemoryEventStore, openPostgresEventStore, openSqliteEventStore } from '@rapport/adapters';
import { StoreUnavailable, type EventStore } from '@rapport/domain';
import type { StoreLocation } from '../config/store-url.js';

export const openEventStore = async (location: StoreLocation): Promise<EventStore> => {
  switch (location.kind) {
    case 'sqlite':
      return openSqliteEventStore(location.path);
    case 'memory':
      return createMemoryEventStore();
    case 'postgres':
      // A few seconds, so a wrong host fails as unreachable (exit 3) instead of hanging.
      return openPostgresEventStore(location.url, { connectionTimeoutMillis: 3000 });
    case 'esdb':
      throw new StoreUnavailable(`store kind not available yet: ${location.kind}`);
    default: {
      const unknown: never = location;
      throw new Error(`unknown store kind ${JSON.stringify(unknown)}`);
    }
  }
};

/** Runs `work` with the store open, and closes it whatever happens. */
export const withEventStore = async <T>(location: StoreLocation, work: (store: EventStore) => Promise<T>): Promise<T> => {
  const store = await openEventStore(location);
  let result: T;
  try {
    result = await work(store);
  } catch (error) {
    // The work's failure is the one to report; a store that also fails to close adds nothing.
    await store.close().catch(() => undefined);
    throw error;
  }
  await store.close();
  return result;
};
