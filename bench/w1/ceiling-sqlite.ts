// W1.ceiling.sqlite: the W1 events as the SQLite store writes them (ceiling-rows.ts), one
// BEGIN IMMEDIATE; INSERT; COMMIT each.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { insertSql, openCeilingFile } from '../support/sqlite-file.js';
import { w1Rows } from './ceiling-rows.js';
import type { W1Side, W1Size } from './sides.js';

export const ceilingSqliteW1 = async (size: W1Size): Promise<W1Side> => {
  const rows = w1Rows(size);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-ceiling-'));
  const db = openCeilingFile(path.join(dir, 'events.db'));
  const insert = db.prepare(insertSql(1));
  return {
    run: async (from, to) => {
      const start = performance.now();
      for (let i = from * size.commandsPerClient; i < to * size.commandsPerClient; i++) {
        db.exec('BEGIN IMMEDIATE');
        insert.run(rows[i]!);
        db.exec('COMMIT');
      }
      return performance.now() - start;
    },
    check: async () => {
      const { count } = db.prepare('SELECT count(*) AS count FROM events').get() as { count: number };
      if (count !== rows.length) throw new Error(`W1 ceiling: ${count} rows of ${rows.length}`);
    },
    close: async () => {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
};
