// W1 through Rapport's command executor: the same commands as Emmett's side, on the memory,
// SQLite (WAL, synchronous=FULL) and PostgreSQL stores; the salesperson is registered untimed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCommandExecutor, createMemoryEventStore, type EventStore } from '@rapport/core';
import { openPostgresEventStore } from '@rapport/postgres';
import { openSqliteEventStore } from '@rapport/sqlite';
import { perSecond } from '../support/figures.js';
import { createThrowawayDatabase } from '../support/pg-database.js';
import type { W1Size } from './emmett.js';
import { SETUP_COMMANDS, w1Step } from './workload.js';

const runW1 = async (store: EventStore, size: W1Size, concurrency: number): Promise<number> => {
  const executor = createCommandExecutor({ store, occurredAt: 'required' });
  for (const command of SETUP_COMMANDS) await executor.execute(command);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let c = next++; c < size.clients; c = next++) {
      for (let j = 0; j < size.commandsPerClient; j++) {
        const result = await executor.execute(w1Step(c, j).command);
        if (result.status !== 'applied') throw new Error(`W1 command ${c}/${j}: ${JSON.stringify(result)}`);
      }
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, size.clients) }, worker));
  return perSecond(size.clients * size.commandsPerClient, start, performance.now());
};

export const rapportMemory = (size: W1Size): Promise<number> => runW1(createMemoryEventStore(), size, 1);

export const rapportSqlite = async (size: W1Size): Promise<number> => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-w1-'));
  const store = openSqliteEventStore(path.join(dir, 'events.db'));
  try {
    return await runW1(store, size, 1);
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
};

export const rapportPostgres = async (adminUrl: string, size: W1Size, concurrency: number): Promise<number> => {
  const db = await createThrowawayDatabase('bench_rapport', adminUrl);
  try {
    const store = await openPostgresEventStore(db.url);
    try {
      return await runW1(store, size, concurrency);
    } finally {
      await store.close();
    }
  } finally {
    await db.drop();
  }
};
