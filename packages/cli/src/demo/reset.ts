// `rapport demo --reset`: starts the demo over in a store that already holds a firm. Only stores
// Rapport can safely empty are reset: a Rapport SQLite file (with its -wal/-shm) or process memory;
// another program's file, or a server store, is never deleted on the demo's say-so.
import fs from 'node:fs';
import { describeLocation, type StoreLocation } from '../config/store-url.js';
import { UsageError } from '../exit-codes.js';

export const resetDemoStore = async (store: StoreLocation): Promise<void> => {
  switch (store.kind) {
    case 'memory':
      return;
    case 'sqlite': {
      const { inspectStoreFile } = await import('@rapport/sqlite');
      const found = inspectStoreFile(store.path);
      if (found.kind === 'missing' || found.kind === 'empty' || found.kind === 'rapport') {
        for (const file of [store.path, `${store.path}-wal`, `${store.path}-shm`]) fs.rmSync(file, { force: true });
        return;
      }
      throw new UsageError(`--reset: sqlite:${store.path} is not a Rapport store (${found.kind}); the demo deletes only its own stores`);
    }
    default:
      throw new UsageError(
        `--reset: the demo only resets sqlite: and memory: stores; ${describeLocation(store)} is a server store, so empty it yourself or pass another --store`,
      );
  }
};
