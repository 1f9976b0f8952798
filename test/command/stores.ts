// The stores the command-path tests run on: the in-memory store and SQLite in a temporary
// directory, each with a clock the test controls, plus helpers to read the whole log.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createMemoryEventStore } from '@rapport/core';
import { openSqliteEventStore } from '@rapport/sqlite';
import type { EventStore, RecordedEvent } from '@rapport/core';

export interface StoreFactory {
  readonly name: string;
  readonly open: (clock?: () => Date) => EventStore;
}

let root: string | undefined;
let files = 0;
const freshFile = (): string => {
  root ??= fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-command-'));
  return path.join(root, `store-${++files}`, 'rapport.db');
};

/** Removes the temporary SQLite files; call from afterAll once every store is closed. */
export const removeTemporaryFiles = (): void => {
  if (root !== undefined) fs.rmSync(root, { recursive: true, force: true });
  root = undefined;
};

export const STORE_FACTORIES: readonly StoreFactory[] = [
  { name: 'memory', open: (clock) => createMemoryEventStore(clock === undefined ? {} : { clock }) },
  { name: 'sqlite', open: (clock) => openSqliteEventStore(freshFile(), clock === undefined ? {} : { clock }) },
];

export const readAll = async (store: EventStore): Promise<RecordedEvent[]> => {
  const all: RecordedEvent[] = [];
  for await (const batch of store.readAll()) all.push(...batch);
  return all;
};

/** A clock that always says the same instant. */
export const fixedClock = (iso: string) => (): Date => new Date(iso);

/** A clock that moves one second forward each time it is read. */
export const tickingClock = (iso: string) => {
  let ms = Date.parse(iso);
  return (): Date => new Date((ms += 1000) - 1000);
};
