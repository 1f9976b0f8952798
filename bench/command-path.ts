// One command at a time through the executor vs the store's raw ceiling: single-row transactions
// on the same SQLite file settings (WAL, synchronous=FULL). Goal: executor ≥ 0.8 × raw.
// Prints figures; asserts nothing. Run: npx tsx bench/command-path.ts [count]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqliteDatabase, openSqliteEventStore } from '@rapport/sqlite';
import { createCommandExecutor } from '@rapport/core';

const count = Number(process.argv[2] ?? 3000);
const synchronous = process.argv[3] === 'NORMAL' ? 'NORMAL' : 'FULL';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-bench-'));

const raw = (): number => {
  const db = openSqliteDatabase(path.join(dir, 'raw.db'), { synchronous });
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, stream TEXT, data TEXT)');
  const insert = db.prepare('INSERT INTO t (stream, data) VALUES (?, ?)');
  const payload = JSON.stringify({ clientId: 'C', channel: 'visit', salespersonId: 'S1' });
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    db.exec('BEGIN IMMEDIATE');
    insert.run([`client-C${i % 100}`, payload]);
    db.exec('COMMIT');
  }
  const seconds = (performance.now() - start) / 1000;
  db.close();
  return count / seconds;
};

const viaExecutor = async (): Promise<number> => {
  const store = openSqliteEventStore(path.join(dir, 'events.db'), { synchronous });
  const executor = createCommandExecutor({ store, occurredAt: 'required' });
  const at = (i: number) => new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString();
  await executor.execute({ type: 'RegisterSalesperson', salespersonId: 'S1', name: 'S', occurredAt: at(0) });
  for (let c = 0; c < 100; c++) {
    await executor.execute({ type: 'RegisterClient', clientId: `C${c}`, name: 'C', ownerId: 'S1', occurredAt: at(1) });
  }
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const result = await executor.execute({ type: 'RecordContact', clientId: `C${i % 100}`, channel: 'visit', occurredAt: at(2 + i) });
    if (result.status !== 'applied') throw new Error(JSON.stringify(result));
  }
  const seconds = (performance.now() - start) / 1000;
  await store.close();
  return count / seconds;
};

const rawRate = raw();
const executorRate = await viaExecutor();
console.log(`raw single-row transactions : ${rawRate.toFixed(0).padStart(8)} /s`);
console.log(`executor, one command a time: ${executorRate.toFixed(0).padStart(8)} /s  (${(executorRate / rawRate).toFixed(2)} × raw; goal ≥ 0.80)`);
fs.rmSync(dir, { recursive: true, force: true });
