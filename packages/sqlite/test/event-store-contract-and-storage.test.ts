// The SQLite event store's own storage, after the shared contract: events kept across close and
// reopen, batches numbered and read back (JSON text, stream by stream), the schema version and
// directories it creates, a connection it shares, and the files it refuses.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DamagedStoredEvent, StoreUnavailable, sequencePosition } from '@rapport/core';
import { openSqliteEventStore } from '../src/event-store.js';
import { openSqliteDatabase } from '../src/database.js';
import { verifyChain } from '@rapport/core/store-kit';
import { eventStoreContract, events, newEvent, readAllEvents, readAllUntilFailure, stored } from '@rapport/core/testing';
import { freshFile, removeRoot, root } from './fresh-file.js';

afterAll(removeRoot);

eventStoreContract('sqlite', async (options) => {
  const store = openSqliteEventStore(freshFile(), options);
  return { store, cleanup: () => store.close() };
});

describe('sqlite event store', () => {
  it('keeps events, versions and the hash chain across close and reopen', async () => {
    const file = freshFile();
    const first = openSqliteEventStore(file);
    const before = stored(await first.append({ stream: 'client-A', expected: 'no-stream', events: events(2) }));
    await first.close();
    const second = openSqliteEventStore(file);
    try {
      expect(await second.readStream('client-A')).toEqual(before);
      stored(await second.append({ stream: 'client-A', expected: 1, events: events(1) }));
      const stream = await second.readStream('client-A');
      expect(stream.map((e) => e.streamVersion)).toEqual([0, 1, 2]);
      expect(verifyChain(stream)).toBeNull();
    } finally {
      await second.close();
    }
  });

  it('numbers a large batch consecutively, across multi-row inserts', async () => {
    const store = openSqliteEventStore(freshFile());
    try {
      stored(await store.append({ stream: 'client-0', expected: 'no-stream', events: events(1) }));
      const requests = Array.from({ length: 7 }, (_, s) => ({ stream: `client-${s + 1}`, expected: 'no-stream' as const, events: events(11 + s) }));
      const written = stored(await store.appendBatch(requests));
      expect(written.map((e) => e.position)).toEqual(written.map((_, i) => sequencePosition(i + 2)));
      expect(await readAllEvents(store, { after: sequencePosition(1), batchSize: 50 })).toEqual(written);
      for (const { stream } of requests) expect(verifyChain(await store.readStream(stream))).toBeNull();
    } finally {
      await store.close();
    }
  });

  it('gives readAll events with the JSON text of their data and metadata, which a copy does not carry', async () => {
    const store = openSqliteEventStore(freshFile());
    try {
      const written = stored(await store.append({ stream: 'client-A', expected: 'no-stream', events: events(3) }));
      const read = await readAllEvents(store);
      // Compares as the plain event it is.
      expect(read).toEqual(written);
      for (const e of read) {
        expect(e.json).toBeDefined();
        expect(JSON.parse(e.json!.data)).toEqual(e.data);
        expect(JSON.parse(e.json!.metadata)).toEqual(e.metadata);
        expect({ ...e, data: {} }.json).toBeUndefined();
      }
    } finally {
      await store.close();
    }
  });

  it('names a row whose data or metadata is no event JSON any more, after giving readAll the events before it', async () => {
    const file = freshFile();
    const store = openSqliteEventStore(file);
    try {
      stored(await store.append({ stream: 'client-A', expected: 'no-stream', events: events(4) }));
      for (const [column, text, problem] of [
        ['data', 'not json', 'its data is not JSON'],
        ['data', '[1]', 'its data is not a JSON object'],
        ['metadata', '{}', 'metadata.occurredAt, recordedAt and actor must be strings'],
        ['metadata', 'null', 'metadata must be a JSON object'],
      ] as const) {
        const db = openSqliteDatabase(file);
        const original = db.prepare(`SELECT ${column} FROM events WHERE position = 3`).get() as Record<string, string>;
        db.prepare(`UPDATE events SET ${column} = ? WHERE position = 3`).run(text);
        db.close();
        const { events: before, failure } = await readAllUntilFailure(store, { batchSize: 10 });
        expect(before.map((e) => e.streamVersion)).toEqual([0, 1]);
        expect(failure).toBeInstanceOf(DamagedStoredEvent);
        expect(failure).toMatchObject({ stream: 'client-A', streamVersion: 2, position: sequencePosition(3), problem });
        await expect(store.readStream('client-A')).rejects.toThrow(`stored event client-A streamVersion 2 at position 3 is damaged: ${problem}`);
        // Reading on after it gives the rest of the log.
        expect((await readAllEvents(store, { after: sequencePosition(3) })).map((e) => e.streamVersion)).toEqual([3]);
        const repair = openSqliteDatabase(file);
        repair.prepare(`UPDATE events SET ${column} = ? WHERE position = 3`).run(original[column]);
        repair.close();
      }
      expect((await readAllEvents(store)).map((e) => e.streamVersion)).toEqual([0, 1, 2, 3]);
    } finally {
      await store.close();
    }
  });

  it('readStreams gives each stream exactly what readStream gives it, missing streams empty', async () => {
    const store = openSqliteEventStore(freshFile());
    try {
      stored(await store.appendBatch([
        { stream: 'client-b', expected: 'no-stream', events: events(3) },
        { stream: 'client-a', expected: 'no-stream', events: events(2) },
      ]));
      stored(await store.append({ stream: 'client-b', expected: 2, events: events(2) }));
      stored(await store.append({ stream: 'client-c', expected: 'no-stream', events: events(1) }));
      const asked = ['client-b', 'client-missing', 'client-a'];
      const found = await store.readStreams(asked);
      expect([...found.keys()].sort()).toEqual([...asked].sort());
      for (const stream of asked) expect(found.get(stream)).toEqual(await store.readStream(stream));
      expect(found.get('client-b')?.map((e) => e.streamVersion)).toEqual([0, 1, 2, 3, 4]);
      expect(found.get('client-missing')).toEqual([]);
      expect((await store.readStreams([])).size).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('creates missing directories and records its schema version', async () => {
    const file = path.join(root, 'deep', 'er', 'still', 'rapport.db');
    const store = openSqliteEventStore(file, { synchronous: 'NORMAL' });
    try {
      expect(fs.existsSync(file)).toBe(true);
      const db = store.database;
      expect(db.prepare("SELECT version FROM schema_version WHERE component = 'event-store'").raw().get()).toEqual([1]);
      expect(db.prepare('PRAGMA journal_mode').raw().get()).toEqual(['wal']);
      expect(db.prepare('PRAGMA synchronous').raw().get()).toEqual([1]);
    } finally {
      await store.close();
    }
    const reopened = openSqliteEventStore(file);
    expect(reopened.database.prepare('PRAGMA synchronous').raw().get()).toEqual([2]);
    await reopened.close();
  });

  it('shares a connection it was given and leaves it open on close', async () => {
    const db = openSqliteDatabase(freshFile());
    try {
      const store = openSqliteEventStore(db);
      stored(await store.append({ stream: 'client-A', expected: 'no-stream', events: [newEvent('Shared')] }));
      await store.close();
      expect(db.prepare('SELECT count(*) FROM events').raw().get()).toEqual([1]);
      await expect(store.readStream('client-A')).rejects.toBeInstanceOf(StoreUnavailable);
    } finally {
      db.close();
    }
  });

  it.each([
    ['under /proc', '/proc/rapport-no-such-dir/rapport.db'],
    ['a directory', os.tmpdir()],
  ])('throws StoreUnavailable naming the path for a file %s', (_label, file) => {
    expect(() => openSqliteEventStore(file)).toThrow(StoreUnavailable);
    expect(() => openSqliteEventStore(file)).toThrow(file);
  });

  it('throws StoreUnavailable for a file that is not a database', () => {
    const file = path.join(root, 'not-a-database.db');
    fs.writeFileSync(file, 'this is not SQLite, only text long enough to fill a header page '.repeat(20));
    expect(() => openSqliteEventStore(file)).toThrow(StoreUnavailable);
  });

  it('refuses a schema newer than it knows', async () => {
    const file = freshFile();
    const store = openSqliteEventStore(file);
    store.database.prepare("UPDATE schema_version SET version = 99 WHERE component = 'event-store'").run();
    await store.close();
    expect(() => openSqliteEventStore(file)).toThrow(/newer/);
  });
});
