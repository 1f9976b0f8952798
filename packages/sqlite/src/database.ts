// Opens the one SQLite file that holds the event log and, by default, the read models too, so the
// stores on it can share a connection (and a transaction) instead of fighting over the write lock.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'libsql';
import { StoreUnavailable } from '@rapport/core';
import { markRapportStore } from './store-meta.js';

export type SqliteDatabase = Database.Database;

export interface SqliteDatabaseOptions {
  /** FULL (default) survives power loss; NORMAL in WAL mode may lose the last commits, never integrity. */
  readonly synchronous?: 'FULL' | 'NORMAL';
  /** How long a writer waits for another process's write lock before giving up (default 5 s). */
  readonly busyTimeoutMs?: number;
  /**
   * Opens an existing file without ever writing it (SQLite's mode=ro), for a user who may only
   * read it: nothing is created, migrated or checkpointed. A missing file fails to open.
   */
  readonly readOnly?: boolean;
  /**
   * With readOnly: when no write-ahead log with content is beside the file, open it `immutable`
   * first, so not even SQLite's `-shm` index is created or touched (a first reader truncates it).
   * For a look at a file that may be another program's; a store being read for a report uses the
   * ordinary read-only open, which sees a writer's later commits.
   */
  readonly untouched?: boolean;
}

// Connections opened read-only: they must not be checkpointed on close. libsql's own `readonly`
// property is always false.
const readOnlyConnections = new WeakSet<SqliteDatabase>();

/** Opens (creating the file and its directories, unless read-only) and configures a connection. */
export const openSqliteDatabase = (file: string, options: SqliteDatabaseOptions = {}): SqliteDatabase => {
  if (options.readOnly === true) return openReadOnly(file, options.busyTimeoutMs ?? 5000, options.untouched === true);
  const synchronous = options.synchronous ?? 'FULL';
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  // Both end up inside PRAGMA text, which cannot take bound parameters.
  if (synchronous !== 'FULL' && synchronous !== 'NORMAL') throw new RangeError(`synchronous must be FULL or NORMAL, got ${String(synchronous)}`);
  if (!Number.isSafeInteger(busyTimeoutMs) || busyTimeoutMs < 0) throw new RangeError(`busyTimeoutMs must be a non-negative integer, got ${busyTimeoutMs}`);
  let db: SqliteDatabase | undefined;
  try {
    if (file !== ':memory:') ensureDirectory(path.dirname(path.resolve(file)));
    db = new Database(file);
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${synchronous}`);
    // Touch the schema now, so a file that is not a database fails here and not on first use.
    db.prepare('SELECT count(*) FROM sqlite_master').raw().get();
    return db;
  } catch (cause) {
    try {
      db?.close();
    } catch {
      // Already failing with the cause below; a failed close adds nothing.
    }
    throw new StoreUnavailable(`cannot open the SQLite database ${file}: ${messageOf(cause)}`, { cause });
  }
};

/**
 * A read-only connection. In WAL mode SQLite needs the `-shm` file beside the database, which it
 * cannot create in a directory the user may not write; when no write-ahead log with content is
 * there either, the file alone is the whole store and is opened `immutable` (no locks, no -shm).
 */
const openReadOnly = (file: string, busyTimeoutMs: number, untouched: boolean): SqliteDatabase => {
  if (!Number.isSafeInteger(busyTimeoutMs) || busyTimeoutMs < 0) throw new RangeError(`busyTimeoutMs must be a non-negative integer, got ${busyTimeoutMs}`);
  const url = `${pathToFileURL(path.resolve(file)).href}?mode=ro`;
  const attempt = (uri: string): SqliteDatabase => {
    const db = new Database(uri);
    try {
      db.pragma(`busy_timeout = ${busyTimeoutMs}`);
      db.prepare('SELECT count(*) FROM sqlite_master').raw().get();
      readOnlyConnections.add(db);
      return db;
    } catch (error) {
      db.close();
      throw error;
    }
  };
  try {
    if (!fs.statSync(file).isFile()) throw new Error('not a file');
    if (untouched && !walHasContent(file)) return attempt(`${url}&immutable=1`);
    try {
      return attempt(url);
    } catch (first) {
      if (walHasContent(file)) throw first;
      return attempt(`${url}&immutable=1`);
    }
  } catch (cause) {
    throw new StoreUnavailable(`cannot open the SQLite database ${file} read-only: ${messageOf(cause)}`, { cause });
  }
};

const walHasContent = (file: string): boolean => {
  try {
    return fs.statSync(`${file}-wal`).size > 0;
  } catch {
    return false;
  }
};

/**
 * Closes a connection, first folding the write-ahead log back into the database file, so that a
 * closed store is the one file and a plain copy of it holds everything (libsql's close leaves the
 * `-wal` file full). No waiting: while another connection is reading, the checkpoint does what it
 * can and the last one to close finishes it.
 */
export const closeSqliteDatabase = (db: SqliteDatabase): void => {
  if (db.open && !readOnlyConnections.has(db) && !db.inTransaction) {
    try {
      db.pragma('busy_timeout = 0');
      db.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      // The data is safe in the log either way; the next close checkpoints it.
    }
  }
  db.close();
};

/** Whether the connection was opened read-only (see SqliteDatabaseOptions.readOnly). */
export const isReadOnly = (db: SqliteDatabase): boolean => readOnlyConnections.has(db);

/**
 * `mkdir -p`, one level at a time: Node's `mkdirSync(dir, { recursive: true })` spins forever on a
 * path under /proc (mkdir there answers ENOENT while the parent exists), and would hang the CLI.
 */
const ensureDirectory = (directory: string): void => {
  if (fs.existsSync(directory)) return;
  const parent = path.dirname(directory);
  if (parent !== directory) ensureDirectory(parent);
  try {
    fs.mkdirSync(directory);
  } catch (error) {
    // Another process creating the same directory at the same moment is fine.
    if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
  }
};

/**
 * Runs `work` in a BEGIN IMMEDIATE transaction: the write lock is taken up front, so writers in
 * other processes queue on busy_timeout instead of failing at commit. libsql's `db.transaction`
 * is not used because its ROLLBACK throws when SQLite already rolled back, hiding the real error.
 * `work` must be synchronous: a transaction left open across an await would capture the shared
 * connection's other users.
 */
export const inWriteTransaction = <T>(db: SqliteDatabase, work: () => T): T => {
  // Checked here because a failed BEGIN inside someone else's transaction would otherwise read as
  // a locked database, and rolling back would throw away their work.
  if (db.inTransaction) throw new Error('another transaction is open on this SQLite connection');
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
};

/**
 * Brings one component's tables (`event-store`, a read-model store…) up to date: migration i is
 * applied once, in order, and the component's version recorded in `schema_version`. A table per
 * component rather than `PRAGMA user_version`, because several components share the file.
 */
export const migrate = (db: SqliteDatabase, component: string, migrations: readonly string[]): void => {
  if (isReadOnly(db)) return checkSchema(db, component, migrations);
  inWriteTransaction(db, () => {
    markRapportStore(db);
    db.exec('CREATE TABLE IF NOT EXISTS schema_version (component TEXT PRIMARY KEY, version INTEGER NOT NULL) WITHOUT ROWID');
    const row = db.prepare('SELECT version FROM schema_version WHERE component = ?').raw().get(component);
    const current = Array.isArray(row) ? Number(row[0]) : 0;
    if (current > migrations.length) {
      throw new StoreUnavailable(`the ${component} schema is at version ${current}, newer than this Rapport knows (${migrations.length})`);
    }
    for (const sql of migrations.slice(current)) db.exec(sql);
    db.prepare('INSERT INTO schema_version (component, version) VALUES (?, ?) ON CONFLICT (component) DO UPDATE SET version = excluded.version').run(
      component,
      migrations.length,
    );
  });
};

/** On a read-only connection, which cannot migrate: the component's tables must be exactly current. */
const checkSchema = (db: SqliteDatabase, component: string, migrations: readonly string[]): void => {
  const known = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").raw().get();
  const row = known === undefined ? undefined : db.prepare('SELECT version FROM schema_version WHERE component = ?').raw().get(component);
  const current = Array.isArray(row) ? Number(row[0]) : 0;
  if (current !== migrations.length) {
    const found = current === 0 ? 'absent' : `at version ${current}`;
    throw new StoreUnavailable(`the ${component} schema is ${found}; this Rapport needs version ${migrations.length} and cannot migrate a store opened read-only`);
  }
};

/** The file behind a connection, for error messages ("" for an in-memory database). */
export const databaseFile = (db: SqliteDatabase): string => {
  const rows = db.pragma('database_list');
  const main = Array.isArray(rows) ? rows.find((r) => typeof r === 'object' && r !== null && 'name' in r && r.name === 'main') : undefined;
  return typeof main === 'object' && main !== null && 'file' in main && typeof main.file === 'string' ? main.file : '';
};

export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
