// A consistent copy of a live store in one self-contained file, taken with VACUUM INTO: SQLite
// writes it from one read transaction, so appends made meanwhile are either all in it or not.
import fs from 'node:fs';
import path from 'node:path';
import { InvalidStoreLocation, StoreUnavailable } from '@rapport/core';
import type { SqliteDatabase } from './database.js';

/**
 * Writes the database behind `db` to `target`, which must not exist (VACUUM INTO refuses an
 * existing non-empty file; the caller decides about overwriting): InvalidStoreLocation if it does,
 * StoreUnavailable naming the target when the copy cannot be written. The directory is created.
 */
export const backupSqliteDatabase = (db: SqliteDatabase, target: string): void => {
  const file = path.resolve(target);
  try {
    if ((fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0) > 0) {
      throw new InvalidStoreLocation(`the backup target ${file} already exists; remove it or give another path`);
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    db.prepare('VACUUM INTO ?').run(file);
  } catch (cause) {
    if (cause instanceof InvalidStoreLocation) throw cause;
    throw new StoreUnavailable(`cannot write the backup ${file}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
};
