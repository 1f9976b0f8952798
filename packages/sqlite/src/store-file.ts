// What is at a store path before anything opens it, so that a command that only reads can refuse a
// missing file, a directory or another program's database instead of creating or changing it.
import fs from 'node:fs';
import path from 'node:path';
import { closeSqliteDatabase, messageOf, openSqliteDatabase } from './database.js';
import { META_TABLE } from './store-meta.js';

export type StoreFile =
  | { readonly kind: 'missing' }
  | { readonly kind: 'directory' }
  /** Not a regular file, or a file without SQLite's header. */
  | { readonly kind: 'not-sqlite'; readonly detail: string }
  | { readonly kind: 'unreadable'; readonly detail: string }
  /** A SQLite file with no tables (or no bytes): a writer may make it a store. */
  | { readonly kind: 'empty' }
  /** A SQLite database with tables, none of them Rapport's mark: another program's. */
  | { readonly kind: 'foreign'; readonly tables: readonly string[] }
  /** Rapport's: the components whose tables it holds (`event-store`, `read-models`). */
  | { readonly kind: 'rapport'; readonly components: readonly string[]; readonly writable: boolean };

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** Reads the path without writing anything: opens the file read-only when it is a SQLite file. */
export const inspectStoreFile = (file: string): StoreFile => {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    if (isCode(error, 'ENOENT') || isCode(error, 'ENOTDIR')) return { kind: 'missing' };
    return { kind: 'unreadable', detail: messageOf(error) };
  }
  if (stat.isDirectory()) return { kind: 'directory' };
  if (!stat.isFile()) return { kind: 'not-sqlite', detail: 'not a regular file' };
  if (stat.size === 0) return { kind: 'empty' };
  let header: Buffer;
  try {
    header = readStart(file, SQLITE_HEADER.length);
  } catch (error) {
    return { kind: 'unreadable', detail: messageOf(error) };
  }
  if (!header.equals(SQLITE_HEADER)) return { kind: 'not-sqlite', detail: 'no SQLite header' };
  let tables: string[];
  let components: string[] = [];
  try {
    const db = openSqliteDatabase(file, { readOnly: true, untouched: true });
    try {
      tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").raw().all().map((row) => String((row as unknown[])[0]));
      if (tables.includes('schema_version')) {
        components = db.prepare('SELECT component FROM schema_version ORDER BY component').raw().all().map((row) => String((row as unknown[])[0]));
      }
    } finally {
      closeSqliteDatabase(db);
    }
  } catch (error) {
    return { kind: 'unreadable', detail: messageOf(error) };
  }
  if (tables.length === 0) return { kind: 'empty' };
  // Stores made before the mark existed are known by their schema_version rows.
  const rapport = tables.includes(META_TABLE) || components.includes('event-store') || components.includes('read-models');
  if (!rapport) return { kind: 'foreign', tables };
  return { kind: 'rapport', components, writable: isWritable(file) };
};

/**
 * Whether this process may write the store: the file, and its directory, where SQLite keeps the
 * write-ahead log and its index beside it. (For root, access() says yes whatever the mode bits.)
 */
export const isWritable = (file: string): boolean => {
  const may = (target: string, mode: number): boolean => {
    try {
      fs.accessSync(target, mode);
      return true;
    } catch {
      return false;
    }
  };
  if (!may(file, fs.constants.W_OK)) return false;
  // Without a writable directory SQLite can still write through a -wal and -shm already there.
  return may(path.dirname(path.resolve(file)), fs.constants.W_OK | fs.constants.X_OK) || (may(`${file}-wal`, fs.constants.W_OK) && may(`${file}-shm`, fs.constants.W_OK));
};

const readStart = (file: string, bytes: number): Buffer => {
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const read = fs.readSync(fd, buffer, 0, bytes, 0);
    return buffer.subarray(0, read);
  } finally {
    fs.closeSync(fd);
  }
};

const isCode = (error: unknown, code: string): boolean => error instanceof Error && 'code' in error && error.code === code;
