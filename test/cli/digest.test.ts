// SPEC §6's digest end to end: verify prints the log's events and digest, and `verify --digest N:HEX`
// catches what no hash chain can: a stream's last event removed, a whole stream removed, a chain
// rewritten with fresh hashes. The tampering is plain SQL on the file, as sqlite3 would do it.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventHash, hashedFieldsOf } from '@rapport/core';
import { closeSqliteDatabase, openSqliteDatabase, openSqliteEventStore } from '@rapport/sqlite';
import { REPO_ROOT, runCli } from './support/run-cli.js';
import { tempStores } from './support/temp-stores.js';

const { freshStore } = tempStores('rapport-digest-');
const SAMPLE = path.join(REPO_ROOT, 'examples/sample-firm.jsonl');

interface Verified {
  verified: boolean;
  events: number;
  streams: number;
  digest: string;
  broken?: unknown;
  digestCheck?: { events: number; digest: string; reason: string | null };
}

const verify = async (url: string, ...extra: string[]) => {
  const result = await runCli(['verify', '--store', url, '--format', 'json', ...extra]);
  return { ...result, json: JSON.parse(result.stdout === '' ? 'null' : result.stdout) as Verified };
};

/** A copy of the (closed, hence self-contained) source store, changed by `sql` on its own connection. */
const tampered = (source: string, change: (db: ReturnType<typeof openSqliteDatabase>) => void): string => {
  const copy = freshStore();
  fs.mkdirSync(path.dirname(copy.file), { recursive: true });
  fs.copyFileSync(source, copy.file);
  const db = openSqliteDatabase(copy.file);
  try {
    change(db);
  } finally {
    closeSqliteDatabase(db);
  }
  return copy.url;
};

describe('rapport verify and the log digest', () => {
  const source = freshStore();
  let kept = '';
  let whole: Verified;

  beforeAll(async () => {
    expect((await runCli(['apply', SAMPLE, '--store', source.url])).code).toBe(0);
    whole = (await verify(source.url)).json;
    kept = `${whole.events}:${whole.digest}`;
  });

  it('prints events and a digest equal to the export trailer\'s, in json, table and csv', async () => {
    expect(whole).toMatchObject({ verified: true, events: 83, digest: expect.stringMatching(/^[0-9a-f]{64}$/) as string });
    const [exported, table, csv] = await Promise.all([
      runCli(['export', '--store', source.url]),
      runCli(['verify', '--store', source.url]),
      runCli(['verify', '--store', source.url, '--format', 'csv']),
    ]);
    const trailer = (JSON.parse(exported.stdout.trimEnd().split('\n').at(-1)!) as { trailer: { digest: string } }).trailer;
    expect(trailer.digest).toBe(whole.digest);
    expect(table.stdout).toMatch(new RegExp(`^events +83$`, 'm'));
    expect(table.stdout).toMatch(new RegExp(`^digest +${whole.digest}$`, 'm'));
    expect(csv.stdout.split('\r\n')[0]).toBe('verified,events,streams,digest,stream,streamVersion,position,reason,digestCheckEvents,digestCheckReason');
    expect(csv.stdout.split('\r\n')[1]).toBe(`true,83,${whole.streams},${whole.digest},,,,,,`);
  });

  it('passes a kept digest of the whole log, and of a prefix after more events were appended', async () => {
    const full = await verify(source.url, '--digest', kept);
    expect(full.code).toBe(0);
    expect(full.json.digestCheck).toEqual({ events: 83, digest: whole.digest, reason: null });
    // The digest the log had at 83 events, checked after one more event: appended is not a failure.
    const grown = tampered(source.file, () => undefined);
    const more = '{"type":"RegisterSalesperson","commandId":"x-1","occurredAt":"2024-12-30T00:00:00Z","salespersonId":"sp-new","name":"New"}\n';
    expect((await runCli(['apply', '-', '--store', grown], { stdin: more })).code).toBe(0);
    const after = await verify(grown, '--digest', kept);
    expect(after.code).toBe(0);
    expect(after.json).toMatchObject({ verified: true, events: 84, digestCheck: { reason: null } });
  });

  it('without a kept digest, a removed last event of a stream leaves every chain intact; with one it fails', async () => {
    const url = tampered(source.file, (db) => {
      db.prepare("DELETE FROM events WHERE stream = 'client-c-001' AND stream_version = (SELECT MAX(stream_version) FROM events WHERE stream = 'client-c-001')").run();
    });
    const plain = await verify(url);
    expect(plain.code).toBe(0);
    expect(plain.json.events).toBe(82);
    const checked = await verify(url, '--digest', kept);
    expect(checked.code).toBe(1);
    expect(checked.json).toMatchObject({ verified: false, digestCheck: { events: 83, reason: 'log shorter than digest' } });
    expect(checked.json.broken).toBeUndefined();
    expect(checked.stderr).toContain('log shorter than digest');
  });

  it('finds a whole client stream removed, and one removed and replaced by as many new events', async () => {
    const removed = tampered(source.file, (db) => {
      db.prepare("DELETE FROM events WHERE stream = 'client-c-002'").run();
    });
    const shorter = await verify(removed, '--digest', kept);
    expect(shorter.code).toBe(1);
    expect(shorter.json.digestCheck?.reason).toBe('log shorter than digest');
    // New events take the log back past 83: still not the events the digest was taken over.
    const gone = whole.events - shorter.json.events;
    const refill = Array.from({ length: gone }, (_, i) =>
      JSON.stringify({ type: 'RegisterSalesperson', commandId: `r-${i}`, occurredAt: '2024-12-30T00:00:00Z', salespersonId: `sp-r${i}`, name: 'R' })).join('\n');
    expect((await runCli(['apply', '-', '--store', removed], { stdin: refill })).code).toBe(0);
    const replaced = await verify(removed, '--digest', kept);
    expect(replaced.code).toBe(1);
    expect(replaced.json).toMatchObject({ events: 83, digestCheck: { reason: 'digest mismatch' } });
    expect(replaced.stderr).toContain('digest mismatch');
  });

  it('finds an event before N edited and its chain rewritten with fresh hashes, which every chain accepts', async () => {
    const file = freshStore();
    fs.mkdirSync(path.dirname(file.file), { recursive: true });
    fs.copyFileSync(source.file, file.file);
    const store = openSqliteEventStore(file.file);
    const events = await store.readStream('client-c-001');
    await store.close();
    const db = openSqliteDatabase(file.file);
    try {
      let previous = events[0]!.metadata.hash;
      for (const event of events.slice(1)) {
        const data = event.streamVersion === 1 ? { ...event.data, forged: true } : event.data;
        const hash = eventHash(previous, hashedFieldsOf({ ...event, data }));
        db.prepare('UPDATE events SET data = ?, metadata = ? WHERE stream = ? AND stream_version = ?').run(
          JSON.stringify(data), JSON.stringify({ ...event.metadata, hash }), event.stream, event.streamVersion);
        previous = hash;
      }
    } finally {
      closeSqliteDatabase(db);
    }
    expect((await verify(file.url)).code).toBe(0);
    const checked = await verify(file.url, '--digest', kept);
    expect(checked.code).toBe(1);
    expect(checked.json.digestCheck?.reason).toBe('digest mismatch');
  });

  it('takes a malformed --digest as a usage error', async () => {
    const results = await Promise.all(['83', `83:${whole.digest.slice(2)}`, `x:${whole.digest}`, `-1:${whole.digest}`].map((bad) => runCli(['verify', '--store', source.url, `--digest=${bad}`])));
    for (const result of results) {
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('--digest must be N:HEX');
    }
  });
});
