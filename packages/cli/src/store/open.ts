// Opens the event store a --store URL names. Server stores get a few seconds to connect, so a
// wrong host fails as unreachable (exit 3) instead of hanging.
import { createMemoryEventStore } from '@rapport/core';
import type { EventStore } from '@rapport/core';
import type { StoreLocation } from '../config/store-url.js';
import { checkSqliteFile, type StoreAccess } from './sqlite-file.js';

export interface EventStoreOpening {
  /** The source of recordedAt (the demo replays a firm's history on a simulated clock). */
  readonly clock?: () => Date;
  /**
   * `read` (verify, export, reports) and `fold` (rebuild, project): the store must already be there
   * and is never created or changed. `read` opens it read-only; `fold` opens a `sqlite:` file as a
   * writer would (a follower then sees later appends) and a server store read-only. Default `write`.
   */
  readonly access?: StoreAccess;
}

export const openEventStore = async (location: StoreLocation, options: EventStoreOpening = {}): Promise<EventStore> => {
  const { access = 'write', ...driverOptions } = options;
  switch (location.kind) {
    // Each driver is imported only when its URL is used: `rapport --help` and an embedded-store
    // report never load the PostgreSQL, Redis or EventStoreDB clients.
    case 'sqlite':
      // A command that folds the log into read models elsewhere needs the log there, not writable;
      // it opens it as a writer would, so that a follower sees later appends however they come.
      await checkSqliteFile(location.path, 'store', access === 'fold' ? 'read' : access);
      return (await import('@rapport/sqlite')).openSqliteEventStore(location.path, { ...driverOptions, readOnly: access === 'read' });
    case 'memory':
      return createMemoryEventStore(driverOptions);
    case 'postgres':
      // A few seconds to connect and to answer each statement, so a wrong host, or a server that
      // accepts connections and never answers, fails as unreachable (exit 3) within 10 s.
      return (await import('@rapport/postgres')).openPostgresEventStore(location.url, {
        connectionTimeoutMillis: 3000,
        queryTimeoutMillis: 6000,
        ...driverOptions,
        readOnly: access !== 'write',
        ...(location.schema === undefined ? {} : { schema: location.schema }),
      });
    case 'esdb':
      // The connection is made on the first call; until then each call has a few seconds, so a
      // wrong host fails as unreachable (exit 3) instead of hanging; once connected, 6 s a call.
      return (await import('@rapport/esdb')).openEsdbEventStore(location.url, { connectTimeoutMs: 3000, deadlineMs: 6000, ...driverOptions, ...(location.namespace === undefined ? {} : { namespace: location.namespace }) });
    default: {
      const unknown: never = location;
      throw new Error(`unknown store kind ${JSON.stringify(unknown)}`);
    }
  }
};

/** Runs `work` with the store open, and closes it whatever happens. */
export const withEventStore = async <T>(location: StoreLocation, work: (store: EventStore) => Promise<T>, options: EventStoreOpening = {}): Promise<T> => {
  const store = await openEventStore(location, options);
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
