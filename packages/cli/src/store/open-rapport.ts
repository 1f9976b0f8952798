// Opens the event store and the read-model store the global options name, builds the library's
// Rapport over them in the firm's zone, and closes everything whatever happens. A `sqlite:` store
// whose read models live in the same file shares one connection between the two stores.
import {
  createMemoryReadModelStore,
  InvalidReportInput,
  StoreUnavailable,
  createRapport,
  type Rapport,
  type ReadModelStore,
} from '@rapport/core';
import type { SqliteDatabase } from '@rapport/sqlite';
import type { EventStore } from '@rapport/core';
import type { GlobalOptions } from '../config/global-options.js';
import type { ReadModelLocation, StoreLocation } from '../config/store-url.js';
import { UsageError } from '../exit-codes.js';
import { freshnessText } from '../report/layout.js';
import { lazyEventStore } from './lazy-event-store.js';
import { openEventStore, type EventStoreOpening } from './open.js';
import { ReadModelsNeedWriting, readOnlyReadModels } from './read-only-read-models.js';
import { checkSqliteFile, type StoreAccess } from './sqlite-file.js';

export interface OpenedRapport {
  readonly rapport: Rapport;
  /** The log itself, for what the facade does not offer (counting events for a progress bar). */
  readonly eventStore: EventStore;
  /** The read models themselves, for what the facade does not offer (a projector's leases). */
  readonly readModelStore: ReadModelStore;
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
  catchUp: '--catch-up',
  overdueDays: '--overdue-days',
};

// The inputs a reason names besides its own are the library's camelCase fields (`knownAt`), which
// no English word is: only those are renamed, so "expected a period" stays as it is, and never
// inside a quoted value the user gave (`got "knownAt"`).
const FIELD_NAME = /"(?:[^"\\]|\\.)*"|\b[a-z]+(?:[A-Z][a-z]*)+\b/g;

/** An InvalidReportInput as the usage error it is to a CLI user, named by the CLI's options. */
export const usageErrorOf = (error: InvalidReportInput): UsageError => {
  const option = CLI_OPTION[error.option] ?? error.option;
  const reason = error.reason.replace(FIELD_NAME, (field) => (field.startsWith('"') ? field : (CLI_OPTION[field] ?? field)));
  return new UsageError(`${option}: ${reason}`);
};

export interface RapportOpening extends EventStoreOpening {
  /** Told one line when read models cannot be saved (a store the user may only read) or are rebuilt. */
  readonly notice?: (line: string) => void;
  /** Open the event store only when used, so the command works without it (status's lag is then null). */
  readonly lazyEventStore?: boolean;
  /** Read models of another event store: refused (exit 2) unless the command owns them (demo --reset). */
  readonly foreignReadModels?: 'refuse' | 'rebuild';
}

/** How a command that only reads opens its stores: the notice goes to standard error. */
export const readOnlyOpening = (stderr: { write(text: string): unknown }): RapportOpening => ({
  access: 'read',
  notice: (line) => stderr.write(`rapport: ${line}\n`),
});

/** How rebuild, project and parked's retry and skip open their stores: the log is only read. */
export const FOLD: RapportOpening = { access: 'fold' };

const IN_MEMORY_NOTICE = (file: string): string =>
  `sqlite:${file} may only be read, and its read models are not current with the log: they are folded in memory for this run`;

/**
 * How a command that only reads uses the read models of a sqlite: file it may only read: first as
 * they stand (`file`), and if that would write to them, folded afresh in memory (`memory`).
 */
type ReadOnlyFile = 'file' | 'memory';

/**
 * The read models of a file this user may only read, as they stand: refusing every write
 * (ReadModelsNeedWriting), so withRapport runs the command again in memory if it has to catch up.
 * A file whose read models are absent or of another schema version goes to memory at once.
 */
const readOnlyFileReadModels = async (file: string, readOnly: ReadOnlyFile, notice?: (line: string) => void): Promise<ReadModelStore> => {
  if (readOnly === 'file') {
    try {
      return readOnlyReadModels((await import('@rapport/sqlite')).openSqliteReadModelStore(file, { readOnly: true }));
    } catch (error) {
      if (!(error instanceof StoreUnavailable)) throw error;
    }
  }
  notice?.(IN_MEMORY_NOTICE(file));
  return createMemoryReadModelStore();
};

// Drivers are imported when their URL is used (see store/open.ts).
const openReadModelStore = async (location: ReadModelLocation, access: StoreAccess, readOnly: ReadOnlyFile, notice?: (line: string) => void): Promise<ReadModelStore> => {
  switch (location.kind) {
    case 'sqlite': {
      const { writable } = await checkSqliteFile(location.path, 'read-models', access);
      if (access === 'read' && !writable) return readOnlyFileReadModels(location.path, readOnly, notice);
      return (await import('@rapport/sqlite')).openSqliteReadModelStore(location.path);
    }
    case 'memory':
      return createMemoryReadModelStore();
    case 'redis':
      // Connects in the background; a Redis that is not there fails the first read within seconds.
      return (await import('@rapport/redis')).openRedisReadModelStore(location.url, location.prefix === undefined ? {} : { prefix: location.prefix });
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
    return { ...open(db, sqlite), release: () => sqlite.closeSqliteDatabase(db) };
  } catch (error) {
    sqlite.closeSqliteDatabase(db);
    throw error;
  }
};

/** `lazy`: the event store is opened only if used (a --catch-up never reader does not use it). */
const openStores = async (store: StoreLocation, readModels: ReadModelLocation, opening: RapportOpening, lazy: boolean, readOnly: ReadOnlyFile): Promise<Stores> => {
  const { notice: _notice, lazyEventStore: _lazy, foreignReadModels: _foreign, ...options } = opening;
  // A command that never reads the log (--catch-up never, status) folds nothing in memory either:
  // it is not told that it would.
  const notice = lazy ? undefined : opening.notice;
  const access = options.access ?? 'write';
  if (store.kind === 'sqlite' && readModels.kind === 'sqlite' && readModels.path === store.path) {
    const { writable } = await checkSqliteFile(store.path, 'store', access);
    if (access === 'read' && !writable) {
      // The log and the read models are opened read-only, each on a connection of its own.
      const eventStore = await openEventStore(store, options);
      try {
        return { eventStore, readModelStore: await readOnlyFileReadModels(store.path, readOnly, notice), release: () => undefined };
      } catch (error) {
        await eventStore.close().catch(() => undefined);
        throw error;
      }
    }
    // Stores opened on a passed-in connection leave it open on close(): it is closed once, in release.
    return onSharedDatabase(store.path, (db, sqlite) => ({
      eventStore: sqlite.openSqliteEventStore(db, options),
      readModelStore: sqlite.openSqliteReadModelStore(db),
    }));
  }
  const eventStore = lazy ? lazyEventStore(() => openEventStore(store, options)) : await openEventStore(store, options);
  try {
    return { eventStore, readModelStore: await openReadModelStore(readModels, access, readOnly, notice), release: () => undefined };
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
 * On a sqlite: file this user may only read, whose read models would need catching up, `work` is
 * run a second time over read models folded in memory: it must read before it acts (prints,
 * writes), as every command that only reads does.
 */
export const withRapport = async <T>(
  globals: Pick<GlobalOptions, 'store' | 'readModels' | 'timeZone' | 'catchUp'>,
  work: (opened: OpenedRapport) => Promise<T>,
  options: RapportOpening = {},
): Promise<T> => {
  try {
    return await withStores(globals, work, options, 'file');
  } catch (error) {
    // Read models this user may only read, and the command had to catch them up: it has written
    // nothing anywhere (a command that only reads prints after it has read), so it runs again over
    // read models folded in memory.
    if (!(error instanceof ReadModelsNeedWriting)) throw error;
    return withStores(globals, work, options, 'memory');
  }
};

const withStores = async <T>(
  globals: Pick<GlobalOptions, 'store' | 'readModels' | 'timeZone' | 'catchUp'>,
  work: (opened: OpenedRapport) => Promise<T>,
  options: RapportOpening,
  readOnly: ReadOnlyFile,
): Promise<T> => {
  const stores = await openStores(globals.store, globals.readModels, options, globals.catchUp === 'never' || options.lazyEventStore === true, readOnly);
  let result: T;
  try {
    const rapport = createRapport({
      eventStore: stores.eventStore,
      readModelStore: stores.readModelStore,
      ...(globals.timeZone === undefined ? {} : { timeZone: globals.timeZone }),
      ...(options.clock === undefined ? {} : { clock: options.clock }),
      ...(globals.catchUp === undefined ? {} : { catchUp: globals.catchUp }),
      // Read models of a log since replaced or cut are rebuilt, never used: say so. Another event
      // store's are refused (ForeignReadModels, exit 2), never taken over by a reader.
      onStale: ({ projection, reason }) => options.notice?.(`read models ${projection} rebuilt from this log: ${reason}`),
      ...(options.foreignReadModels === undefined ? {} : { foreignReadModels: options.foreignReadModels }),
    });
    result = await work({ rapport, eventStore: stores.eventStore, readModelStore: stores.readModelStore });
    await rapport.close();
  } catch (error) {
    await closeQuietly(stores);
    throw error instanceof InvalidReportInput ? usageErrorOf(error) : error;
  }
  stores.release();
  return result;
};

/**
 * How many events the read models left out: events, not (projection, event) pairs (one event is
 * parked in every projection that reads it), told apart by their exact logPosition.
 */
export const parkedEvents = async (rapport: Rapport): Promise<number> => new Set((await rapport.parked({ catchUp: 'never' })).map((p) => p.logPosition)).size;

/**
 * Runs one report (or history) and finds the zone it was read in, for a table header that says
 * which zone and which --known-at are in force. Reports only read: the store must exist and is
 * never changed; on one the user may only read, the notice goes to `stderr`.
 */
export const readReport = async <R extends { readonly knownAt: string | null; readonly checkpoint?: number | null; readonly lag?: number | null }>(
  globals: Pick<GlobalOptions, 'store' | 'readModels' | 'timeZone' | 'catchUp'>,
  ask: (rapport: Rapport) => Promise<R>,
  stderr?: { write(text: string): unknown },
): Promise<{ readonly report: R; readonly zone: string }> =>
  withRapport(
    globals,
    async ({ rapport }) => {
      const report = await ask(rapport);
      // As a Date: the report writes an instant past 9999 as +010000-…, which the input form does not take.
      const zone = await rapport.timeZone(report.knownAt === null ? {} : { knownAt: new Date(report.knownAt) });
      const parked = await parkedEvents(rapport);
      if (parked > 0) stderr?.write(`rapport: ${parked === 1 ? '1 event is' : `${parked} events are`} parked, left out of the read models this answer comes from: rapport parked lists them\n`);
      if (report.checkpoint !== undefined) {
        stderr?.write(`rapport: answered from the read models as they stand, without reading the event store: ${freshnessText(report.checkpoint, report.lag)}\n`);
      }
      return { report, zone };
    },
    stderr === undefined ? { access: 'read' } : readOnlyOpening(stderr),
  );
