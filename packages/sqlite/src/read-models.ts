// A read-model store in SQLite. It can live in the event store's file and share its connection
// (the default for a `sqlite:` store): every write is one synchronous BEGIN IMMEDIATE transaction,
// so it never interleaves with the event store's on the shared connection.
import type Database from 'libsql';
import {
  StoreUnavailable,
  decodePosition,
  encodePosition,
  type LogPosition,
  CheckpointConflict,
  LeaseLost,
  type LeaseState,
  type ReadModelStore,
  type StoredDocument,
} from '@rapport/core';
import { checkpointDecision, documentJson, fenceHolds, leaseDecision } from '@rapport/core/store-kit';
import { closeSqliteDatabase, databaseFile, inWriteTransaction, messageOf, migrate, openSqliteDatabase, type SqliteDatabase, type SqliteDatabaseOptions } from './database.js';
import { READ_MODELS_COMPONENT, READ_MODELS_MIGRATIONS, SQL, UPSERT_CHUNK } from './read-models-schema.js';

/**
 * Opens the store on a file (created with its directories) or on a connection from
 * `openSqliteDatabase`, e.g. the event store's, which the store then does not close.
 */
export const openSqliteReadModelStore = (
  pathOrDatabase: string | SqliteDatabase,
  options: SqliteDatabaseOptions = {},
): ReadModelStore => {
  const owned = typeof pathOrDatabase === 'string';
  const db = owned ? openSqliteDatabase(pathOrDatabase, options) : pathOrDatabase;
  const file = owned ? pathOrDatabase : databaseFile(db);
  let closed = false;

  // Nothing above the port sees a driver error; the port's own errors and the caller's mistakes
  // (a document that is not JSON) keep their type.
  const translated = (cause: unknown): unknown =>
    cause instanceof StoreUnavailable || cause instanceof CheckpointConflict || cause instanceof LeaseLost || cause instanceof TypeError || cause instanceof RangeError
      ? cause
      : new StoreUnavailable(`SQLite read-model store ${file}: ${messageOf(cause)}`, { cause });

  const prepareAll = () => {
    migrate(db, READ_MODELS_COMPONENT, READ_MODELS_MIGRATIONS);
    // Rows as arrays (raw) where a statement returns any: cheaper than an object per row.
    const prepare = (sql: string) => {
      const statement = db.prepare(sql);
      return statement.reader ? statement.raw() : statement;
    };
    return Object.fromEntries(Object.entries(SQL).map(([name, sql]) => [name, prepare(sql)])) as {
      readonly [K in keyof typeof SQL]: Database.Statement<unknown[]>;
    };
  };
  let statements: ReturnType<typeof prepareAll>;
  try {
    statements = prepareAll();
  } catch (cause) {
    if (owned) closeSqliteDatabase(db);
    throw translated(cause);
  }

  /** Runs synchronous work against the open store, translating failures at the port. */
  const run = <T>(work: () => T): T => {
    if (closed) throw new StoreUnavailable(`SQLite read-model store ${file} is closed`);
    try {
      return work();
    } catch (cause) {
      throw translated(cause);
    }
  };

  const storedCheckpoint = (projection: string, generation: number): LogPosition | null | undefined => {
    const row = statements.generation.get(projection, generation) as [string | null] | undefined;
    return row === undefined ? undefined : row[0] === null ? null : decodePosition(row[0]);
  };

  /**
   * Reads in one transaction after checking the generation exists, so a generation dropped by a
   * rebuild is a conflict and never reads as an empty collection.
   */
  const inReadTransaction = <T>(projection: string, generation: number, read: () => T): T => {
    db.exec('BEGIN');
    try {
      if (storedCheckpoint(projection, generation) === undefined) throw new CheckpointConflict(projection, generation, null, 'no-generation');
      return read();
    } finally {
      if (db.inTransaction) db.exec('COMMIT');
    }
  };

  const oneDocument = (projection: string, generation: number, collection: string, key: string): Map<string, unknown> => {
    const row = statements.documentOfGeneration.get(projection, generation, collection, key) as [string | null] | undefined;
    if (row === undefined) throw new CheckpointConflict(projection, generation, null, 'no-generation');
    return row[0] === null ? new Map() : new Map([[key, JSON.parse(row[0]) as unknown]]);
  };

  const leaseRow = (lease: string): LeaseState | null => {
    const row = statements.lease.get(lease) as [string, number, number, number] | undefined;
    return row === undefined ? null : { lease, holder: row[0], token: row[1], expiresAt: row[2], renewedAt: row[3] };
  };

  /**
   * Upserts in chunks of UPSERT_CHUNK rows per statement, the rest one by one, in key order: a
   * batch's documents arrive in log order, scattered over the table's B-tree (every client's
   * history has its own key range), and in key order each page is visited once rather than at
   * random, which halves the time the inserts take.
   */
  const writeDocuments = (projection: string, generation: number, unordered: readonly StoredDocument[]): void => {
    const changes = [...unordered].sort(byCollectionAndKey);
    const full = changes.length - (changes.length % UPSERT_CHUNK);
    const values: unknown[] = [];
    for (let i = 0; i < full; i++) {
      const change = changes[i]!;
      values.push(projection, generation, change.collection, change.key, documentJson(change));
      if (values.length === UPSERT_CHUNK * 5) {
        statements.upsertDocuments.run(values);
        values.length = 0;
      }
    }
    for (let i = full; i < changes.length; i++) {
      const change = changes[i]!;
      statements.upsertDocument.run(projection, generation, change.collection, change.key, documentJson(change));
    }
  };

  return {
    head: async (projection) =>
      run(() => {
        const live = statements.live.get(projection) as [number, number, string | null, string | null] | undefined;
        if (live === undefined) return null;
        const [generation, version, checkpoint, origin] = live;
        return { generation, version, checkpoint: checkpoint === null ? null : decodePosition(checkpoint), origin };
      }),

    get: async (projection, generation, collection, keys) =>
      run(() => {
        // A projection reading a document it does not hold asks for one key: a rebuild of a large
        // firm asked tens of thousands of times, and a read transaction for each was three more
        // calls into SQLite than the statement itself.
        if (keys.length === 1) return oneDocument(projection, generation, collection, keys[0]!);
        return inReadTransaction(projection, generation, () => {
          const found = new Map<string, unknown>();
          for (const key of keys) {
            const row = statements.document.get(projection, generation, collection, key) as [string] | undefined;
            if (row !== undefined) found.set(key, JSON.parse(row[0]));
          }
          return found;
        });
      }),

    scan: async (projection, generation, collection, { from = '', to, limit }) =>
      run(() =>
        inReadTransaction(projection, generation, () => {
          const rows = (
            to === undefined
              ? statements.scanFrom.all(projection, generation, collection, from, limit)
              : statements.scanBetween.all(projection, generation, collection, from, to, limit)
          ) as [string, string][];
          return rows.map(([key, doc]): StoredDocument => ({ collection, key, doc: JSON.parse(doc) }));
        }),
      ),

    applyBatch: async (projection, generation, changes, move) =>
      run(() => {
        // Serialised one by one inside the transaction: a rebuild's single write holds every
        // document, and all their JSON at once would double its peak memory. A document that is
        // not JSON throws, and the rollback leaves nothing of the batch.
        return inWriteTransaction(db, () => {
          const stored = storedCheckpoint(projection, generation);
          if (stored === undefined) throw new CheckpointConflict(projection, generation, move.from, 'no-generation');
          const decision = checkpointDecision(stored, move);
          if (decision === 'conflict') throw new CheckpointConflict(projection, generation, move.from, stored);
          if (move.fence !== undefined) {
            const lease = leaseRow(move.fence.lease);
            if (!fenceHolds(move.fence, lease)) throw new LeaseLost(move.fence, lease);
          }
          if (decision === 'skipped') return 'skipped';
          writeDocuments(projection, generation, changes);
          statements.moveCheckpoint.run(encodePosition(move.to), move.origin ?? null, projection, generation);
          return 'applied';
        });
      }),

    beginGeneration: async (projection, version) =>
      run(() =>
        inWriteTransaction(db, () => {
          const [generation] = statements.nextGeneration.get(projection) as [number];
          statements.insertGeneration.run(projection, generation, version);
          return generation;
        }),
      ),

    activate: async (projection, generation) =>
      run(() =>
        inWriteTransaction(db, () => {
          if (storedCheckpoint(projection, generation) === undefined) {
            throw new CheckpointConflict(projection, generation, null, 'no-generation');
          }
          statements.setLive.run(generation, projection);
          statements.dropOlderDocuments.run(projection, generation);
          statements.dropOlderGenerations.run(projection, generation);
        }),
      ),

    lease: async (name, holder, ttlMs) =>
      run(() =>
        inWriteTransaction(db, () => {
          const next = leaseDecision(name, leaseRow(name), holder, ttlMs, Date.now());
          if (next !== null) statements.putLease.run(name, next.holder, next.token, next.expiresAt, next.renewedAt);
          return next;
        }),
      ),

    leaseState: async (name) => run(() => leaseRow(name)),

    releaseLease: async (fence) =>
      run(() => {
        inWriteTransaction(db, () => statements.expireLease.run(fence.lease, fence.holder, fence.token));
      }),

    discardGeneration: async (projection, generation) =>
      run(() =>
        inWriteTransaction(db, () => {
          const live = statements.liveGeneration.get(projection) as [number | null] | undefined;
          if (live?.[0] === generation) throw new Error(`read model ${projection}: generation ${generation} is live and cannot be discarded`);
          statements.dropDocuments.run(projection, generation);
          statements.dropGeneration.run(projection, generation);
        }),
      ),

    close: async () => {
      if (closed) return;
      closed = true;
      if (owned) closeSqliteDatabase(db);
    },
  };
};

const byCollectionAndKey = (a: StoredDocument, b: StoredDocument): number =>
  a.collection < b.collection ? -1 : a.collection > b.collection ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0;

