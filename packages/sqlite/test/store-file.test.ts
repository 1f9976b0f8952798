// The SQLite file as a user handles it: recognised as Rapport's (or not) without being written,
// opened read-only, one self-contained file once closed, and copied live with backupSqliteDatabase.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'libsql';
import { afterAll, describe, expect, it } from 'vitest';
import { isRight } from 'fp-ts/lib/Either.js';
import { backupSqliteDatabase } from '../src/backup.js';
import { closeSqliteDatabase, openSqliteDatabase } from '../src/database.js';
import { openSqliteEventStore } from '../src/event-store.js';
import { openSqliteReadModelStore } from '../src/read-models.js';
import { inspectStoreFile } from '../src/store-file.js';
import { events } from '@rapport/core/testing';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-sqlite-file-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
let files = 0;
const freshFile = (): string => path.join(root, `store-${++files}`, 'rapport.db');

const registered = (n: number) => ({ stream: `client-C${n}`, expected: 'no-stream' as const, events: events(1) });

/** A store file with `n` events, closed. */
const storeWith = async (n: number): Promise<string> => {
  const file = freshFile();
  const store = openSqliteEventStore(file);
  for (let i = 1; i <= n; i++) expect(isRight(await store.append(registered(i)))).toBe(true);
  await store.close();
  return file;
};

const countEvents = async (file: string, readOnly = false): Promise<number> => {
  const store = openSqliteEventStore(file, { readOnly });
  try {
    let n = 0;
    for await (const batch of store.readAll()) n += batch.length;
    return n;
  } finally {
    await store.close();
  }
};

/** Every file in the store's folder with its size and modification time. */
const folderState = (file: string) =>
  fs.readdirSync(path.dirname(file)).sort().map((name) => {
    const stat = fs.statSync(path.join(path.dirname(file), name));
    return { name, size: stat.size, mtimeMs: stat.mtimeMs };
  });

describe('inspectStoreFile', () => {
  it('tells a missing path, a directory, a non-SQLite file and an empty file apart, creating nothing', () => {
    const dir = path.dirname(freshFile());
    fs.mkdirSync(dir, { recursive: true });
    expect(inspectStoreFile(path.join(dir, 'none.db'))).toEqual({ kind: 'missing' });
    expect(inspectStoreFile(path.join(dir, 'no-dir', 'none.db'))).toEqual({ kind: 'missing' });
    expect(inspectStoreFile(dir)).toEqual({ kind: 'directory' });
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'not a database at all\n');
    expect(inspectStoreFile(path.join(dir, 'notes.txt')).kind).toBe('not-sqlite');
    fs.writeFileSync(path.join(dir, 'zero.db'), '');
    expect(inspectStoreFile(path.join(dir, 'zero.db'))).toEqual({ kind: 'empty' });
    expect(fs.readdirSync(dir).sort()).toEqual(['notes.txt', 'zero.db']);
  });

  it('calls another program\'s database foreign and leaves its bytes as they were', () => {
    const file = freshFile();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const other = new Database(file);
    other.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY, total INTEGER); INSERT INTO invoices (total) VALUES (5)');
    other.close();
    const before = fs.readFileSync(file);
    const state = folderState(file);
    expect(inspectStoreFile(file)).toEqual({ kind: 'foreign', tables: ['invoices'] });
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(folderState(file)).toEqual(state);
  });

  it('recognises a store Rapport created, by its rapport_meta mark, with the components it holds', async () => {
    const file = await storeWith(1);
    expect(inspectStoreFile(file)).toEqual({ kind: 'rapport', components: ['event-store'], writable: true });
    const readModels = openSqliteReadModelStore(file);
    await readModels.close();
    expect(inspectStoreFile(file)).toMatchObject({ kind: 'rapport', components: ['event-store', 'read-models'] });
    const db = openSqliteDatabase(file, { readOnly: true });
    try {
      expect(db.prepare("SELECT value FROM rapport_meta WHERE key = 'format'").raw().get()).toEqual(['1']);
    } finally {
      closeSqliteDatabase(db);
    }
  });

  it('still recognises a store made before the mark existed, by its schema_version rows', async () => {
    const file = await storeWith(1);
    const db = openSqliteDatabase(file);
    try {
      db.exec('DROP TABLE rapport_meta');
    } finally {
      closeSqliteDatabase(db);
    }
    expect(inspectStoreFile(file)).toMatchObject({ kind: 'rapport', components: ['event-store'] });
  });
});

describe('a read-only SQLite connection', () => {
  it('reads the log and writes nothing: no file appears, no byte or mtime changes', async () => {
    const file = await storeWith(3);
    const state = folderState(file);
    const bytes = fs.readFileSync(file);
    expect(await countEvents(file, true)).toBe(3);
    expect(folderState(file)).toEqual(state);
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });

  it('refuses to append, as a store unavailable, and still appends nothing', async () => {
    const file = await storeWith(1);
    const store = openSqliteEventStore(file, { readOnly: true });
    try {
      await expect(store.append(registered(2))).rejects.toThrow(/readonly|read-only/i);
    } finally {
      await store.close();
    }
    expect(await countEvents(file)).toBe(1);
  });

  it('never creates a missing file', () => {
    const file = freshFile();
    expect(() => openSqliteDatabase(file, { readOnly: true })).toThrow(/read-only/);
    expect(fs.existsSync(path.dirname(file))).toBe(false);
  });

  it('does not migrate: a file without the event store\'s tables is refused, not changed', () => {
    const file = freshFile();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const other = new Database(file);
    other.exec('CREATE TABLE t (x)');
    other.close();
    const bytes = fs.readFileSync(file);
    expect(() => openSqliteEventStore(file, { readOnly: true })).toThrow(/event-store schema is absent/);
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });
});

describe('closing a SQLite store', () => {
  it('folds the write-ahead log into the file: a copy of the .db alone holds every event', async () => {
    const file = await storeWith(40);
    const wal = `${file}-wal`;
    expect(fs.existsSync(wal) ? fs.statSync(wal).size : 0).toBe(0);
    const copy = path.join(root, `copy-${++files}.db`);
    fs.copyFileSync(file, copy);
    expect(await countEvents(copy)).toBe(40);
  });

  it('leaves the log to the last connection while another one is open, and loses nothing', async () => {
    const file = await storeWith(1);
    const reader = openSqliteEventStore(file);
    const writer = openSqliteEventStore(file);
    expect(isRight(await writer.append(registered(2)))).toBe(true);
    await writer.close();
    expect(await countEvents(file)).toBe(2);
    await reader.close();
    expect(fs.statSync(`${file}-wal`).size).toBe(0);
  });
});

describe('backupSqliteDatabase', () => {
  it('writes a self-contained copy of a live store, appends not yet closed included', async () => {
    const file = await storeWith(5);
    const store = openSqliteEventStore(file);
    try {
      expect(isRight(await store.append(registered(6)))).toBe(true);
      const target = path.join(root, `backup-${++files}`, 'copy.db');
      backupSqliteDatabase(store.database, target);
      expect(fs.existsSync(`${target}-wal`)).toBe(false);
      expect(await countEvents(target, true)).toBe(6);
      expect(inspectStoreFile(target)).toMatchObject({ kind: 'rapport' });
    } finally {
      await store.close();
    }
  });

  it('refuses a target that exists, naming it, and names the target it cannot write', async () => {
    const store = openSqliteEventStore(await storeWith(1));
    try {
      const existing = path.join(root, `backup-${++files}.db`);
      fs.writeFileSync(existing, 'not yours to replace');
      expect(() => backupSqliteDatabase(store.database, existing)).toThrow(expect.objectContaining({ name: 'InvalidStoreLocation', message: expect.stringContaining(existing) }));
      expect(fs.readFileSync(existing, 'utf8')).toBe('not yours to replace');
      // Under a regular file, no directory can be made for it.
      const unwritable = path.join(existing, 'copy.db');
      expect(() => backupSqliteDatabase(store.database, unwritable)).toThrow(expect.objectContaining({ name: 'StoreUnavailable', message: expect.stringContaining(`cannot write the backup ${unwritable}`) }));
    } finally {
      await store.close();
    }
  });
});
