// Writers that meet on one SQLite file: connections and processes serialized, another writer's
// version or head seen as a conflict naming the real head (never a fork), and a batch that
// conflicts writing nothing.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { isRight } from 'fp-ts/lib/Either.js';
import { sequencePosition } from '@rapport/core';
import { openSqliteEventStore } from '../src/event-store.js';
import { openSqliteDatabase } from '../src/database.js';
import { verifyChain } from '@rapport/core/store-kit';
import { conflict, events, readAllEvents, stored } from '@rapport/core/testing';
import { freshFile, removeRoot } from './fresh-file.js';

afterAll(removeRoot);

describe('sqlite event store', () => {
  it('serializes two connections on one file: the same expected revision succeeds once', async () => {
    const file = freshFile();
    const a = openSqliteEventStore(file);
    const b = openSqliteEventStore(file);
    try {
      stored(await a.append({ stream: 'client-A', expected: 'no-stream', events: events(1) }));
      const results = await Promise.all([a, b, a, b].map((store) => store.append({ stream: 'client-A', expected: 0, events: events(1) })));
      expect(results.filter(isRight)).toHaveLength(1);
      expect(await readAllEvents(b)).toHaveLength(2);
      // Each store must notice the other's writes, whatever it remembers of the stream.
      stored(await b.append({ stream: 'client-A', expected: 1, events: events(1) }));
      stored(await a.append({ stream: 'client-A', expected: 2, events: events(1) }));
      stored(await b.append({ stream: 'client-A', expected: 3, events: events(1) }));
      expect(verifyChain(await a.readStream('client-A'))).toBeNull();
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('serializes writer processes: every event kept once, versions without gaps, chain intact', async () => {
    const file = freshFile();
    await openSqliteEventStore(file).close();
    const repository = fileURLToPath(new URL('../../../', import.meta.url));
    const loader = pathToFileURL(path.join(repository, 'node_modules/tsx/dist/loader.mjs')).href;
    const writer = fileURLToPath(new URL('./writer.fixture.ts', import.meta.url));
    const startAt = String(Date.now() + 3000);
    const outputs = await Promise.all(
      ['w1', 'w2', 'w3'].map((name) =>
        promisify(execFile)(process.execPath, ['--import', loader, writer, file, 'client-A', '30', name, startAt], { cwd: repository }),
      ),
    );
    const reports = outputs.map(({ stdout }) => JSON.parse(stdout));
    expect(reports.map((r) => r.appended)).toEqual([30, 30, 30]);
    const store = openSqliteEventStore(file);
    try {
      const stream = await store.readStream('client-A');
      expect(stream.map((e) => e.streamVersion)).toEqual(stream.map((_, i) => i));
      expect(stream).toHaveLength(90);
      expect(new Set(stream.map((e) => `${e.data['writer']}/${e.data['n']}`)).size).toBe(90);
      expect(verifyChain(stream)).toBeNull();
    } finally {
      await store.close();
    }
  }, 60_000);

  it('reports a conflict, not a crash, when another writer recorded the version behind its back', async () => {
    const file = freshFile();
    const store = openSqliteEventStore(file);
    try {
      stored(await store.append({ stream: 'client-A', expected: 'no-stream', events: events(1) }));
      // A writer that skips the heads table, as an older or foreign program would (with metadata of
      // an event's shape: a row that is no event at all is another matter, DamagedStoredEvent).
      const metadata = { occurredAt: '2024-01-01T00:00:00.000Z', recordedAt: '2024-01-01T00:00:00.000Z', actor: 'other', commandId: null, correlationId: null, causationId: null, schemaVersion: 1, hash: '0'.repeat(64) };
      store.database.prepare("INSERT INTO events (stream, stream_version, type, data, metadata) VALUES ('client-A', 1, 'Foreign', '{}', ?)").run([JSON.stringify(metadata)]);
      expect(conflict(await store.append({ stream: 'client-A', expected: 0, events: events(1) }))).toEqual({
        kind: 'StreamConflict', stream: 'client-A', expected: 0, actual: 1,
      });
      expect(await store.readStream('client-A')).toHaveLength(2);
    } finally {
      await store.close();
    }
  });

  it('a lone append on a head another connection moved is a conflict naming the real head, never a fork', async () => {
    const file = freshFile();
    const a = openSqliteEventStore(file);
    const b = openSqliteEventStore(file);
    try {
      // a remembers client-A at 0 and appends the next event there as one INSERT, no lookup.
      stored(await a.append({ stream: 'client-A', expected: 'no-stream', events: events(1) }));
      stored(await b.append({ stream: 'client-A', expected: 0, events: events(1) }));
      stored(await b.append({ stream: 'client-B', expected: 'no-stream', events: events(1) }));
      // Both of a's expectations are wrong now, though nothing it remembers says so.
      expect(conflict(await a.append({ stream: 'client-A', expected: 0, events: events(1) }))).toEqual({ kind: 'StreamConflict', stream: 'client-A', expected: 0, actual: 1 });
      expect(conflict(await a.append({ stream: 'client-B', expected: 'no-stream', events: events(1) }))).toEqual({
        kind: 'StreamConflict', stream: 'client-B', expected: 'no-stream', actual: 0,
      });
      // Having read the real heads, a continues both chains.
      stored(await a.append({ stream: 'client-A', expected: 1, events: events(1) }));
      stored(await a.append({ stream: 'client-B', expected: 0, events: events(1) }));
      for (const stream of ['client-A', 'client-B']) {
        const recorded = await b.readStream(stream);
        expect(recorded.map((e) => e.streamVersion)).toEqual([0, 1, 2].slice(0, recorded.length));
        expect(verifyChain(recorded)).toBeNull();
      }
      expect((await readAllEvents(b)).map((e) => e.position)).toEqual([1, 2, 3, 4, 5].map(sequencePosition));
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('an append never joins a transaction someone else has open on the shared connection', async () => {
    const db = openSqliteDatabase(freshFile());
    const store = openSqliteEventStore(db);
    try {
      stored(await store.append({ stream: 'client-A', expected: 'no-stream', events: events(1) }));
      db.exec('BEGIN IMMEDIATE');
      await expect(store.append({ stream: 'client-A', expected: 0, events: events(1) })).rejects.toThrow(/another transaction/);
      db.exec('ROLLBACK');
      expect(await store.readStream('client-A')).toHaveLength(1);
      stored(await store.append({ stream: 'client-A', expected: 0, events: events(1) }));
    } finally {
      await store.close();
      db.close();
    }
  });

  it('a batch that claims an existing stream is new conflicts on it and writes nothing', async () => {
    const file = freshFile();
    const a = openSqliteEventStore(file);
    const b = openSqliteEventStore(file);
    try {
      stored(await b.append({ stream: 'client-b', expected: 'no-stream', events: events(1) }));
      stored(await a.append({ stream: 'client-x', expected: 'no-stream', events: events(2) }));
      // b has never seen client-x: it takes the claim on trust, and UNIQUE refuses version 0.
      const result = await b.appendBatch([
        { stream: 'client-new', expected: 'no-stream', events: events(1) },
        { stream: 'client-b', expected: 0, events: events(1) },
        { stream: 'client-x', expected: 'no-stream', events: events(1) },
      ]);
      expect(conflict(result)).toEqual({ kind: 'StreamConflict', stream: 'client-x', expected: 'no-stream', actual: 1 });
      expect(await b.readStream('client-new')).toEqual([]);
      expect((await b.readStream('client-b')).length).toBe(1);
      expect((await readAllEvents(b)).length).toBe(3);
      // A claim that writes nothing cannot be checked by UNIQUE: it is looked up, and conflicts too.
      const c = openSqliteEventStore(file);
      try {
        expect(conflict(await c.append({ stream: 'client-x', expected: 'no-stream', events: [] }))).toEqual({
          kind: 'StreamConflict', stream: 'client-x', expected: 'no-stream', actual: 1,
        });
      } finally {
        await c.close();
      }
      // And the same batch, once right about client-x, goes through with intact chains.
      stored(await b.appendBatch([
        { stream: 'client-new', expected: 'no-stream', events: events(1) },
        { stream: 'client-b', expected: 0, events: events(1) },
        { stream: 'client-x', expected: 1, events: events(1) },
      ]));
      for (const stream of ['client-new', 'client-b', 'client-x']) expect(verifyChain(await a.readStream(stream))).toBeNull();
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('a batch whose claim of a new stream fails before any write names the real conflict and leaves no wrong head behind', async () => {
    // Found by the contract's property test: the claimed head (no stream) was cached after the
    // conflict, so the next append on the stream conflicted with a stream that does exist.
    const file = freshFile();
    const store = openSqliteEventStore(file);
    try {
      stored(await store.append({ stream: 'client-A', expected: 'no-stream', events: events(1) }));
      // The second request conflicts in memory against the claim, before UNIQUE could see it:
      // the first request is the one that is wrong, about a stream at version 0.
      const result = await store.appendBatch([
        { stream: 'client-A', expected: 'no-stream', events: events(1) },
        { stream: 'client-A', expected: 1, events: [] },
      ]);
      expect(conflict(result)).toEqual({ kind: 'StreamConflict', stream: 'client-A', expected: 'no-stream', actual: 0 });
      expect(stored(await store.append({ stream: 'client-A', expected: 0, events: [] }))).toEqual([]);
      expect(stored(await store.append({ stream: 'client-A', expected: 0, events: events(1) }))[0]?.streamVersion).toBe(1);
      expect(verifyChain(await store.readStream('client-A'))).toBeNull();
    } finally {
      await store.close();
    }
  });
});
