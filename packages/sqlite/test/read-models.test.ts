import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isRight } from 'fp-ts/lib/Either.js';
import { sequencePosition } from '@rapport/core';
import { openSqliteEventStore } from '../src/event-store.js';
import { openSqliteReadModelStore } from '../src/read-models.js';
import { migrate, openSqliteDatabase } from '../src/database.js';
import { READ_MODELS_COMPONENT, READ_MODELS_MIGRATIONS } from '../src/read-models-schema.js';
import { readModelStoreContract, snapshot } from '@rapport/core/testing';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-rm-sqlite-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
let files = 0;
const freshFile = (): string => path.join(root, `store-${++files}`, 'rapport.db');

readModelStoreContract('sqlite', async () => {
  const store = openSqliteReadModelStore(freshFile());
  return { store, cleanup: () => store.close() };
});

describe('sqlite read-model store', () => {
  it('keeps generations, documents and checkpoints across close and reopen', async () => {
    const file = freshFile();
    const first = openSqliteReadModelStore(file);
    const g = await first.beginGeneration('counts', 4);
    await first.activate('counts', g);
    await first.applyBatch('counts', g, [{ collection: 'streams', key: 'a', doc: { n: 1 } }], { from: null, to: sequencePosition(3) });
    const before = await snapshot(first, 'counts');
    await first.close();

    const second = openSqliteReadModelStore(file);
    try {
      expect(await snapshot(second, 'counts')).toEqual(before);
      expect(await second.beginGeneration('counts', 5)).toBe(g + 1);
    } finally {
      await second.close();
    }
  });

  it('carries the documents of a store made before documents had a rowid table over to it', async () => {
    const file = freshFile();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // The schema as it was before the rowid table (the first three migrations), with documents.
    const old = openSqliteDatabase(file);
    migrate(old, READ_MODELS_COMPONENT, READ_MODELS_MIGRATIONS.slice(0, 3));
    old.exec(`INSERT INTO rm_projections VALUES ('counts', 1, 1);
              INSERT INTO rm_generations (projection, generation, version, checkpoint) VALUES ('counts', 1, 4, NULL);
              INSERT INTO rm_documents VALUES ('counts', 1, 'streams', 'b', '{"n":2}'), ('counts', 1, 'streams', 'a', '{"n":1}');`);
    old.close();

    const store = openSqliteReadModelStore(file);
    try {
      expect(await store.scan('counts', 1, 'streams', { limit: 10 })).toEqual([
        { collection: 'streams', key: 'a', doc: { n: 1 } },
        { collection: 'streams', key: 'b', doc: { n: 2 } },
      ]);
      // Keys stay unique: writing one again replaces it.
      await store.applyBatch('counts', 1, [{ collection: 'streams', key: 'a', doc: { n: 3 } }], { from: null, to: sequencePosition(1) });
      expect(await store.get('counts', 1, 'streams', ['a', 'b'])).toEqual(new Map([['a', { n: 3 }], ['b', { n: 2 }]]));
    } finally {
      await store.close();
    }
    const db = openSqliteDatabase(file);
    try {
      const columns = (db.pragma('table_info(rm_documents)') as { name: string }[]).map((c) => c.name);
      expect(columns).toEqual(['id', 'projection', 'generation', 'collection', 'key', 'doc']);
      expect(db.prepare('SELECT count(*) FROM rm_documents').raw().get()).toEqual([2]);
    } finally {
      db.close();
    }
  });

  it('shares a file and a connection with the event store, which it leaves open', async () => {
    const db = openSqliteDatabase(freshFile());
    const events = openSqliteEventStore(db);
    const readModels = openSqliteReadModelStore(db);
    try {
      const g = await readModels.beginGeneration('counts', 1);
      await readModels.activate('counts', g);
      const appended = await events.append({
        stream: 'salesperson-S1',
        expected: 'no-stream',
        events: [{
          type: 'SalespersonRegistered',
          data: { salespersonId: 'S1', name: 'Ada' },
          metadata: { occurredAt: '2024-01-01T00:00:00.000Z', actor: 'system', commandId: null, correlationId: null, causationId: null, schemaVersion: 1 },
        }],
      });
      expect(isRight(appended)).toBe(true);
      await readModels.applyBatch('counts', g, [{ collection: 'streams', key: 'salesperson-S1', doc: 1 }], { from: null, to: sequencePosition(1) });
      await readModels.close();
      // The connection is the caller's: the event store still works on it.
      expect(await events.readStream('salesperson-S1')).toHaveLength(1);
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'rm_%' ORDER BY name").pluck().all();
      expect(tables).toEqual(['rm_documents', 'rm_generations', 'rm_leases', 'rm_projections']);
    } finally {
      await events.close();
      db.close();
    }
  });

  it('drops the old generation rows when a new one is activated', async () => {
    const db = openSqliteDatabase(freshFile());
    const store = openSqliteReadModelStore(db);
    try {
      const old = await store.beginGeneration('counts', 1);
      await store.activate('counts', old);
      await store.applyBatch('counts', old, [{ collection: 'c', key: 'a', doc: 1 }], { from: null, to: sequencePosition(1) });
      const fresh = await store.beginGeneration('counts', 1);
      await store.activate('counts', fresh);
      const rows = db.prepare('SELECT count(*) FROM rm_documents WHERE generation = ?').raw().get(old);
      expect(rows).toEqual([0]);
    } finally {
      await store.close();
      db.close();
    }
  });
});
