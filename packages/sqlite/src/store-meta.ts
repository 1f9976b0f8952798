// The mark that makes a SQLite file recognisably a Rapport store: a `rapport_meta` table of
// key/value rows, written with the first migration. `format` says which layout of the file this
// is; other rows (a store's identity) may join it. A file without it is some other program's.
import { randomUUID } from 'node:crypto';
import type { SqliteDatabase } from './database.js';

export const META_TABLE = 'rapport_meta';

/** The layout of the whole file (tables of every component); raised only if old readers must refuse it. */
export const STORE_FORMAT = 1;

/**
 * Inside a write transaction: creates the table, the `format` row and the store's `identity` (a
 * random id, so read models can tell which store they were built from) once; never changes them.
 */
export const markRapportStore = (db: SqliteDatabase): void => {
  db.exec(`CREATE TABLE IF NOT EXISTS ${META_TABLE} (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID`);
  db.prepare(`INSERT INTO ${META_TABLE} (key, value) VALUES ('format', ?) ON CONFLICT (key) DO NOTHING`).run(String(STORE_FORMAT));
  db.prepare(`INSERT INTO ${META_TABLE} (key, value) VALUES ('identity', ?) ON CONFLICT (key) DO NOTHING`).run(randomUUID());
};

/**
 * The store's identity. A store last written by a Rapport that drew none, opened read-only, has
 * none yet: it is named by its format row alone, which read models of such stores share.
 */
export const storeIdentity = (db: SqliteDatabase): string => {
  const row = db.prepare(`SELECT value FROM ${META_TABLE} WHERE key = 'identity'`).raw().get();
  return Array.isArray(row) && typeof row[0] === 'string' ? `sqlite:${row[0]}` : 'sqlite:unidentified';
};
