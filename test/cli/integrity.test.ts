// `rapport verify`, `export` and `import` end to end: the real executable in a child process
// against temporary SQLite files, tampered with by plain SQL as an attacker with file access would.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openSqliteDatabase, openSqliteEventStore } from '@rapport/sqlite';
import { REPO_ROOT, runCli } from './support/run-cli.js';
import { tempStores } from './support/temp-stores.js';

const { root, freshStore } = tempStores('rapport-integrity-');

const SAMPLE = path.join(REPO_ROOT, 'examples/sample-firm.jsonl');

const eventCount = async (file: string): Promise<number> => {
  const store = openSqliteEventStore(file);
  try {
    let n = 0;
    for await (const batch of store.readAll()) n += batch.length;
    return n;
  } finally {
    await store.close();
  }
};

/** A copy of a closed SQLite store, with its write-ahead log if one is left beside it. */
const copyStore = (from: string, to: string): void => {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  for (const suffix of ['', '-wal', '-shm']) {
    if (fs.existsSync(from + suffix)) fs.copyFileSync(from + suffix, to + suffix);
  }
};

const withoutPositions = (text: string): unknown[] =>
  text
    .trimEnd()
    .split('\n')
    .map((line) => {
      const { position: _position, ...rest } = JSON.parse(line) as Record<string, unknown>;
      return rest;
    });

describe('rapport verify, export and import', () => {
  const source = freshStore();
  let exported = '';
  let exportFile = '';

  beforeAll(async () => {
    const applied = await runCli(['apply', SAMPLE, '--store', source.url, '--format', 'json']);
    expect(applied.code).toBe(0);
    const result = await runCli(['export', '--store', source.url]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    exported = result.stdout;
    exportFile = path.join(root, 'export.jsonl');
    fs.writeFileSync(exportFile, exported);
  });

  it('verify finds the sample firm intact (exit 0)', async () => {
    const result = await runCli(['verify', '--store', source.url, '--format', 'json']);
    expect(result.code).toBe(0);
    const events = await eventCount(source.file);
    expect(JSON.parse(result.stdout)).toEqual({ verified: true, events, streams: expect.any(Number) as number, digest: expect.stringMatching(/^[0-9a-f]{64}$/) as string });
  });

  it('export ends with a trailer that counts the events', async () => {
    const lines = exported.trimEnd().split('\n');
    const trailer = JSON.parse(lines.at(-1)!) as { trailer: { events: number; streams: number; digest: string } };
    expect(trailer.trailer.events).toBe(lines.length - 1);
    expect(trailer.trailer.events).toBe(await eventCount(source.file));
    expect(trailer.trailer.digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('import into a new store reproduces the export, positions aside (exit 0)', async () => {
    const target = freshStore();
    const result = await runCli(['import', exportFile, '--store', target.url, '--format', 'json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const trailer = (JSON.parse(exported.trimEnd().split('\n').at(-1)!) as { trailer: { events: number; streams: number } }).trailer;
    expect(JSON.parse(result.stdout)).toEqual({ imported: trailer.events, streams: trailer.streams });
    const again = await runCli(['export', '--store', target.url]);
    expect(again.code).toBe(0);
    expect(withoutPositions(again.stdout)).toEqual(withoutPositions(exported));
    expect((await runCli(['verify', '--store', target.url])).code).toBe(0);
  });

  it('import from standard input works the same, and a second import into that store is refused', async () => {
    const target = freshStore();
    const first = await runCli(['import', '-', '--store', target.url, '--format', 'json'], { stdin: exported });
    expect(first.code).toBe(0);
    const count = await eventCount(target.file);
    const second = await runCli(['import', '-', '--store', target.url], { stdin: exported });
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/already holds stream salesperson-sp-wang/);
    expect(await eventCount(target.file)).toBe(count);
  });

  it('import reads its FILE once, into a private copy both passes read: a named pipe written once imports whole', async () => {
    // Reading the file itself twice would check one version and append another, had it changed in
    // between; a pipe shows it: opened a second time it would wait for a writer that never comes.
    const fifo = path.join(root, 'export.fifo');
    execFileSync('mkfifo', [fifo]);
    const target = freshStore();
    const importing = runCli(['import', fifo, '--store', target.url, '--format', 'json']);
    await fs.promises.writeFile(fifo, exported);
    const result = await importing;
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(await eventCount(target.file)).toBe(await eventCount(source.file));
  });

  it('import refuses a truncated export (exit 1): a store it would have created is not left behind, one that was there stays empty', async () => {
    const truncated = path.join(root, 'truncated.jsonl');
    fs.writeFileSync(truncated, exported.trimEnd().split('\n').slice(0, 20).join('\n') + '\n');
    const target = freshStore();
    const result = await runCli(['import', truncated, '--store', target.url]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/nothing imported: no trailer line/);
    expect(fs.existsSync(target.file)).toBe(false);
    expect((await runCli(['status', '--store', target.url])).code).toBe(2);
    const there = freshStore();
    expect((await runCli(['import', '-', '--store', there.url], { stdin: '{"trailer":{"events":0,"streams":0,"digest":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"}}\n' })).code).toBe(0);
    expect((await runCli(['import', truncated, '--store', there.url])).code).toBe(1);
    expect(await eventCount(there.file)).toBe(0);
  });

  it('import of a missing file is a usage error (exit 2)', async () => {
    const result = await runCli(['import', path.join(root, 'no-such.jsonl'), '--store', freshStore().url]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no such file/);
  });

  it('verify names a data field edited with SQL by stream, streamVersion and position (exit 1)', async () => {
    const tampered = freshStore();
    copyStore(source.file, tampered.file);
    const db = openSqliteDatabase(tampered.file);
    let target: { position: number; stream: string; stream_version: number };
    try {
      target = db.prepare("SELECT position, stream, stream_version FROM events WHERE data LIKE '%4800000%' ORDER BY position LIMIT 1").get() as typeof target;
      db.prepare("UPDATE events SET data = replace(data, '4800000', '4800001') WHERE position = ?").run(target.position);
    } finally {
      db.close();
    }
    const result = await runCli(['verify', '--store', tampered.url, '--format', 'json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({
      verified: false,
      broken: { stream: target.stream, streamVersion: target.stream_version, position: target.position, reason: 'hash mismatch' },
    });
    expect(result.stderr).toContain(`${target.stream} streamVersion ${target.stream_version} at position ${target.position}`);
  });

  it('a row made into something that is no event: verify names it as unreadable and reads on, every other command is an integrity failure (exit 1)', async () => {
    const tampered = freshStore();
    copyStore(source.file, tampered.file);
    const db = openSqliteDatabase(tampered.file);
    let target: { position: number; stream: string; stream_version: number };
    try {
      target = db.prepare("SELECT position, stream, stream_version FROM events WHERE stream = 'client-c-001' AND stream_version = 1").get() as typeof target;
      db.prepare("UPDATE events SET data = 'not json' WHERE position = ?").run(target.position);
    } finally {
      db.close();
    }
    const verified = await runCli(['verify', '--store', tampered.url, '--format', 'json']);
    expect(verified.code).toBe(1);
    expect(JSON.parse(verified.stdout)).toMatchObject({
      verified: false,
      events: await eventCount(source.file),
      broken: { stream: target.stream, streamVersion: target.stream_version, position: target.position, reason: 'unreadable' },
    });
    const named = `stored event ${target.stream} streamVersion ${target.stream_version} at position ${target.position} is damaged: its data is not JSON`;
    for (const args of [['export'], ['report', 'lifecycle'], ['history', 'c-001']]) {
      const result = await runCli([...args, '--store', tampered.url]);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr).toBe(`rapport: integrity failure: ${named}\n`);
    }
  });

  it('verify names a deleted event as a version gap (exit 1)', async () => {
    const tampered = freshStore();
    copyStore(source.file, tampered.file);
    const db = openSqliteDatabase(tampered.file);
    try {
      db.prepare("DELETE FROM events WHERE stream = 'client-c-001' AND stream_version = 1").run();
    } finally {
      db.close();
    }
    const result = await runCli(['verify', '--store', tampered.url, '--format', 'json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ verified: false, broken: { stream: 'client-c-001', streamVersion: 2, reason: 'version gap' } });
  });
});
