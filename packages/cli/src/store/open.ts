// Opens the event store a --store URL names. Server stores get a few seconds to connect, so a
// wrong host fails as unreachable (exit 3) instead of hanging.
import { createMemoryEventStore } from '@rapport/core';
import { openEsdbEventStore } from '@rapport/esdb';
import { openPostgresEventStore } from '@rapport/postgres';
import { openSqliteEventStore } from '@rapport/sqlite';
import type { EventStore } from '@rapport/core';
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
      // The connection is made on the first call; until then each call has a few seconds, so a
      // wrong host fails as unreachable (exit 3) instead of hanging.
      return openEsdbEventStore(location.url, { connectTimeoutMs: 3000 });
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
