// Rebuild of every projection from a log of N events (default 1,000,000) in the embedded store,
// against the store's own ceiling: reading the same events and JSON.parse-ing them. Goals: rebuild
// ≥ 0.5 × that rate, in ≤ 400 MB of memory. Prints figures; asserts nothing.
// Run: npx tsx bench/rebuild.ts [events]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isLeft } from 'fp-ts/lib/Either.js';
import { openSqliteDatabase, openSqliteEventStore, openSqliteReadModelStore } from '@rapport/sqlite';
import type { AppendRequest, NewEvent } from '@rapport/core';
import { createRapport } from '@rapport/core';

const total = Number(process.argv[2] ?? 1_000_000);
// KEEP=1 keeps the filled file and prints its path; REUSE=PATH rebuilds that file without filling.
const reuse = process.env.REUSE;
const dir = reuse === undefined ? fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-rebuild-')) : path.dirname(reuse);
const file = reuse ?? path.join(dir, 'rapport.db');

let peakRss = 0;
// A rebuild seldom yields to the event loop, so memory is sampled from its progress callback.
const sampleMemory = (): void => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};

const SALESPEOPLE = 50;
// 1,000,000 events over a firm of 10,000 clients, the size the report goals are stated for.
const EVENTS_PER_CLIENT = 100;
const CHANNELS = ['visit', 'call', 'email', 'meeting'] as const;
const REASONS = ['dissatisfied', 'competitor', 'negative-value', 'involuntary', 'other'] as const;

interface ClientCursor {
  readonly c: number;
  at: number;
  stage: 'prospect' | 'engaged' | 'churned';
  lifetime: number;
}

/**
 * The i-th event of a valid client history: registration, then contacts, engagements, and every
 * tenth step a churn followed by a win-back. Only a tiny cursor per client is kept.
 */
const nextEvent = (cursor: ClientCursor, i: number): { type: string; data: Record<string, unknown>; at: number } => {
  const { c } = cursor;
  const clientId = `C${c}`;
  const owner = `S${c % SALESPEOPLE}`;
  if (i === 0) return { type: 'ClientRegistered', data: { clientId, name: `Client ${c}`, ownerId: owner }, at: cursor.at };
  cursor.at += 86_400_000 * (1 + (c % 7)) / 10;
  const step = i % 10;
  if (step === 7 && cursor.stage === 'engaged') {
    cursor.stage = 'churned';
    return { type: 'ClientChurned', data: { clientId, reason: REASONS[(c + i) % 5] }, at: cursor.at };
  }
  if (step === 8 && cursor.stage === 'churned' && (c + i) % 3 !== 0) {
    cursor.stage = 'engaged';
    cursor.lifetime += 1;
    return { type: 'ClientReactivated', data: { clientId, engagementId: `R${i}`, fee: 100_000 + c, lifetime: cursor.lifetime }, at: cursor.at };
  }
  if (step % 3 === 0 && cursor.stage !== 'churned') {
    cursor.stage = 'engaged';
    return { type: 'ClientEngaged', data: { clientId, engagementId: `E${i}`, fee: 50_000 + (c % 1000) * 100 }, at: cursor.at };
  }
  return { type: 'ClientContacted', data: { clientId, channel: CHANNELS[i % 4], salespersonId: owner }, at: cursor.at };
};

const fill = async (): Promise<void> => {
  const store = openSqliteEventStore(file, { synchronous: 'NORMAL' });
  const meta = (at: number) => ({ occurredAt: new Date(at).toISOString(), actor: 'bench', commandId: null, correlationId: null, causationId: null, schemaVersion: 1 });
  const appendBatch = store.appendBatch;
  const base = Date.UTC(2022, 0, 1);
  const sp: AppendRequest[] = Array.from({ length: SALESPEOPLE }, (_, s) => ({
    stream: `salesperson-S${s}`,
    expected: 'no-stream',
    events: [{ type: 'SalespersonRegistered', data: { salespersonId: `S${s}`, name: `Sales ${s}` }, metadata: meta(base) }],
  }));
  const first = await appendBatch(sp);
  if (isLeft(first)) throw new Error('salespeople did not append');
  // A firm's log is roughly in time order across clients, so clients are interleaved: round r
  // appends every client's r-th event (each client's history starts at a different day).
  const clients = Math.ceil((total - SALESPEOPLE) / EVENTS_PER_CLIENT);
  const cursors: ClientCursor[] = Array.from({ length: clients }, (_, c) => ({ c, at: base + (c % 900) * 86_400_000, stage: 'prospect', lifetime: 1 }));
  let written = SALESPEOPLE;
  let requests: AppendRequest[] = [];
  for (let round = 0; round < EVENTS_PER_CLIENT && written < total; round++) {
    for (let c = 0; c < clients && written < total; c++) {
      const e = nextEvent(cursors[c]!, round);
      const event: NewEvent = { type: e.type, data: e.data, metadata: meta(e.at) };
      requests.push({ stream: `client-C${c}`, expected: round === 0 ? 'no-stream' : round - 1, events: [event] });
      written++;
      if (requests.length >= 2000) {
        if (isLeft(await appendBatch(requests))) throw new Error('fill conflicted');
        requests = [];
      }
    }
  }
  if (requests.length > 0 && isLeft(await appendBatch(requests))) throw new Error('fill conflicted');
  await store.close();
};

const readAndParse = (): number => {
  const db = openSqliteDatabase(file);
  const read = db.prepare('SELECT position, stream, stream_version, type, data, metadata FROM events WHERE position > ? ORDER BY position LIMIT 5000').raw();
  const start = performance.now();
  let after = 0;
  let count = 0;
  for (;;) {
    const rows = read.all([after]) as [number, string, number, string, string, string][];
    if (rows.length === 0) break;
    for (const row of rows) {
      JSON.parse(row[4]);
      JSON.parse(row[5]);
      count++;
    }
    after = rows[rows.length - 1]![0];
  }
  db.close();
  return count / ((performance.now() - start) / 1000);
};

const rebuild = async (): Promise<number> => {
  const db = openSqliteDatabase(file, { synchronous: 'NORMAL' });
  const rapport = createRapport({ eventStore: openSqliteEventStore(db), readModelStore: openSqliteReadModelStore(db) });
  const start = performance.now();
  await rapport.rebuild(undefined, { onProgress: sampleMemory });
  sampleMemory();
  const seconds = (performance.now() - start) / 1000;
  const report = await rapport.lifecycle({ asOf: '2030-01-01' });
  console.log(`  (lifecycle after rebuild: ${report.clients.length} clients, counts ${JSON.stringify(report.counts)})`);
  await rapport.close();
  db.close();
  return total / seconds;
};

if (reuse === undefined) {
  const fillStart = performance.now();
  await fill();
  console.log(`filled ${total} events in ${((performance.now() - fillStart) / 1000).toFixed(1)} s`);
}
const ceiling = readAndParse();
peakRss = 0;
const rate = await rebuild();
console.log(`read + JSON.parse ceiling : ${ceiling.toFixed(0).padStart(9)} events/s`);
console.log(`rebuild, all projections  : ${rate.toFixed(0).padStart(9)} events/s  (${(rate / ceiling).toFixed(2)} × ceiling; goal ≥ 0.50)`);
console.log(`peak RSS during rebuild   : ${(peakRss / 2 ** 20).toFixed(0).padStart(9)} MB  (goal ≤ 400 MB)`);
if (process.env.KEEP === undefined && reuse === undefined) fs.rmSync(dir, { recursive: true, force: true });
else console.log(file);
