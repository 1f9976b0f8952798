// W1 through Rapport's command executor: the same commands as Emmett's side, on the memory,
// SQLite (WAL, synchronous=FULL) and PostgreSQL stores; the salesperson is registered untimed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCommandExecutor, createMemoryEventStore, type EventStore } from '@rapport/core';
import { openPostgresEventStore } from '@rapport/postgres';
import { openSqliteEventStore } from '@rapport/sqlite';
import { createThrowawayDatabase } from '../support/pg-database.js';
import { timedClients, type W1Side, type W1Size } from './sides.js';
import { SETUP_COMMANDS, sliceSteps } from './workload.js';

const rapportSide = async (store: EventStore, size: W1Size, concurrency: number, release: () => Promise<void>): Promise<W1Side> => {
  const executor = createCommandExecutor({ store, occurredAt: 'required' });
  try {
    for (const command of SETUP_COMMANDS) await executor.execute(command);
  } catch (error) {
    await store.close();
    await release();
    throw error;
  }
  return {
    run: (from, to) => {
      // The slice's commands are built before the clock, as the ceilings' rows are: the timing is
      // the executor's work, not the workload's.
      const commands = sliceSteps(from, to, size.commandsPerClient, (step) => step.command);
      return timedClients(from, to, concurrency, async (c) => {
        for (let j = 0; j < size.commandsPerClient; j++) {
          const result = await executor.execute(commands[(c - from) * size.commandsPerClient + j]);
          if (result.status !== 'applied') throw new Error(`W1 command ${c}/${j}: ${JSON.stringify(result)}`);
        }
      });
    },
    close: async () => {
      await store.close();
      await release();
    },
  };
};

export const rapportMemory = (size: W1Size): Promise<W1Side> => rapportSide(createMemoryEventStore(), size, 1, async () => undefined);

export const rapportSqlite = (size: W1Size): Promise<W1Side> => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-w1-'));
  return rapportSide(openSqliteEventStore(path.join(dir, 'events.db')), size, 1, async () => fs.rmSync(dir, { recursive: true, force: true }));
};

export const rapportPostgres = async (adminUrl: string, size: W1Size, concurrency: number): Promise<W1Side> => {
  const db = await createThrowawayDatabase('bench_rapport', adminUrl);
  try {
    return await rapportSide(await openPostgresEventStore(db.url), size, concurrency, () => db.drop());
  } catch (error) {
    await db.drop();
    throw error;
  }
};
