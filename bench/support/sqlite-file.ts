// A raw SQLite file with Rapport's own event-store schema and indexes, at Rapport's durability
// (journal_mode=WAL, synchronous=FULL): where the ceilings are measured.
import Database from 'libsql';
import { EVENT_STORE_MIGRATIONS } from '../../packages/sqlite/src/event-store-schema.js';

/** One events row, in the column order of INSERT INTO events (stream, stream_version, type, data, metadata). */
export type EventRow = [stream: string, streamVersion: number, type: string, data: string, metadata: string];

export const openCeilingFile = (file: string): Database.Database => {
  const db = new Database(file);
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('BEGIN IMMEDIATE');
  for (const sql of EVENT_STORE_MIGRATIONS) db.exec(sql);
  db.exec('COMMIT');
  return db;
};

export const insertSql = (rows: number): string =>
  'INSERT INTO events (stream, stream_version, type, data, metadata) VALUES ' + Array(rows).fill('(?, ?, ?, ?, ?)').join(', ');
