// Opens the event store and the read-model store the global options name, builds the library's
// Rapport over them in the firm's zone, and closes everything whatever happens. A `sqlite:` store
// whose read models live in the same file shares one connection between the two stores.
import {
  createMemoryReadModelStore,
  InvalidReportInput,
  createRapport,
  type Rapport,
  type ReadModelStore,
} from '@rapport/core';
import type { SqliteDatabase } from '@rapport/sqlite';
import type { EventStore } from '@rapport/core';
import type { GlobalOptions } from '../config/global-options.js';
import type { ReadModelLocation, StoreLocation } from '../config/store-url.js';
import { UsageError } from '../exit-codes.js';
import { openEventStore } from './open.js';

export interface OpenedRapport {
  readonly rapport: Rapport;
  /** The log itself, for what the facade does not offer (counting events for a progress bar). */
  readonly eventStore: EventStore;
}

/** The library's names of report inputs, as the options a CLI user typed. */
const CLI_OPTION: Readonly<Record<string, string>> = {
  asOf: '--as-of',
  knownAt: '--known-at',
  period: '--period',
  limit: '--limit',
  keyAccountThreshold: '--key-account-threshold',
  from: '--from',
  to: '--to',
  timeZone: '--tz',
};

/** An InvalidReportInput as the usage error it is to a CLI user, named by the CLI's option. */
export const usageErrorOf = (error: InvalidReportInput): UsageError => {
  const option = CLI_OPTION[error.option] ?? error.option;
  const detail = error.message.startsWith(`${error.option}: `) ? error.message.slice(error.option.length + 2) : error.message;
  return new UsageError(`${option}: ${detail}`);
};

// Drivers are imported when their URL is used (see store/open.ts).
const openReadModelStore = async (location: ReadModelLocation): Promise<ReadModelStore> => {
  switch (location.kind) {
    case 'sqlite':
      return (await import('@rapport/sqlite')).openSqliteReadModelStore(location.path);
    case 'memory':
      return createMemoryReadModelStore();
    case 'redis':
      // Connects in the background; a Redis that is not there fails the first read within seconds.
      return (await import('@rapport/redis')).openRedisReadModelStore(location.url);
    default: {
      const unknown: never = location;
      throw new Error(`unknown read-model store kind ${JSON.stringify(unknown)}`);
    }
  }
};

interface Stores {
  readonly eventStore: EventStore;
  readonly readModelStore: ReadModelStore;
  /** Closes what the stores do not close themselves: the shared connection, if any. */
  readonly release: () => void;
}

/** Opens `open`'s stores on a shared connection, closing it if they fail to open. */
const onSharedDatabase = async (file: string, open: (db: SqliteDatabase, sqlite: typeof import('@rapport/sqlite')) => Omit<Stores, 'release'>): Promise<Stores> => {
  const sqlite = await import('@rapport/sqlite');
  const db = sqlite.openSqliteDatabase(file);
  try {
    return { ...open(db, sqlite), release: () => db.close() };
  } catch (error) {
    db.close();
    throw error;
  }
};

const openStores = async (store: StoreLocation, readModels: ReadModelLocation): Promise<Stores> => {
  if (store.kind === 'sqlite' && readModels.kind === 'sqlite' && readModels.path === store.path) {
    // Stores opened on a passed-in connection leave it open on close(): it is closed once, in release.
    return onSharedDatabase(store.path, (db, sqlite) => ({ eventStore: sqlite.openSqliteEventStore(db), readModelStore: sqlite.openSqliteReadModelStore(db) }));
  }
  const eventStore = await openEventStore(store);
  try {
    return { eventStore, readModelStore: await openReadModelStore(readModels), release: () => undefined };
  } catch (error) {
    await eventStore.close().catch(() => undefined);
    throw error;
  }
};

/** After a failure, which is the one to report: closing may fail too and add nothing. */
const closeQuietly = async ({ eventStore, readModelStore, release }: Stores): Promise<void> => {
  await readModelStore.close().catch(() => undefined);
  await eventStore.close().catch(() => undefined);
  try {
    release();
  } catch {
    // Already failing with the error being reported.
  }
};

/**
 * Runs `work` with a Rapport over the stores of `globals` (timeZone = the firm's zone), and closes
 * both stores whatever happens. A report input the library refuses becomes a usage error (exit 2).
 */
export const withRapport = async <T>(
  globals: Pick<GlobalOptions, 'store' | 'readModels' | 'timeZone'>,
  work: (opened: OpenedRapport) => Promise<T>,
): Promise<T> => {
  const stores = await openStores(globals.store, globals.readModels);
  let result: T;
  try {
    const rapport = createRapport({ eventStore: stores.eventStore, readModelStore: stores.readModelStore, timeZone: globals.timeZone });
    result = await work({ rapport, eventStore: stores.eventStore });
    await rapport.close();
  } catch (error) {
    await closeQuietly(stores);
    throw error instanceof InvalidReportInput ? usageErrorOf(error) : error;
  }
  stores.release();
  return result;
};
