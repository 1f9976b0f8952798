// A consistent copy of a live store in one self-contained file, taken with VACUUM INTO: SQLite
// writes it from one read transaction, so appends made meanwhile are either all in it or not.
import fs from 'node:fs';
import path from 'node:path';
import type { SqliteDatabase } from './database.js';

/**
 * Writes the database behind `db` to `target`, which must not exist (VACUUM INTO refuses an
 * existing non-empty file; the caller decides about overwriting). The directory is created.
 */
export const backupSqliteDatabase = (db: SqliteDatabase, target: string): void => {
  fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  db.prepare('VACUUM INTO ?').run(path.resolve(target));
};
