// The mark that makes a SQLite file recognisably a Rapport store: a `rapport_meta` table of
// key/value rows, written with the first migration. `format` says which layout of the file this
// is; other rows (a store's identity) may join it. A file without it is some other program's.
import type { SqliteDatabase } from './database.js';

export const META_TABLE = 'rapport_meta';

/** The layout of the whole file (tables of every component); raised only if old readers must refuse it. */
export const STORE_FORMAT = 1;

/** Inside a write transaction: creates the table and the `format` row once; never changes them. */
export const markRapportStore = (db: SqliteDatabase): void => {
  db.exec(`CREATE TABLE IF NOT EXISTS ${META_TABLE} (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID`);
  db.prepare(`INSERT INTO ${META_TABLE} (key, value) VALUES ('format', ?) ON CONFLICT (key) DO NOTHING`).run(String(STORE_FORMAT));
};
