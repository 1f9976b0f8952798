// W1.ceiling.sqlite: the W1 events as the SQLite store writes them (canonical data, metadata with
// a 64-hex hash), one BEGIN IMMEDIATE; INSERT; COMMIT each, built before the clock starts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { canonicalJson } from '@rapport/core/store-kit';
import { insertSql, openCeilingFile, type EventRow } from '../support/sqlite-file.js';
import type { W1Side, W1Size } from './sides.js';
import { streamName, w1Step } from './workload.js';

const RECORDED_AT = '2024-06-30T12:00:00.000Z';

const w1Row = (c: number, j: number, i: number): EventRow => {
  const { event, metadata: m } = w1Step(c, j);
  // Any 64 hex digits cost the same to store as a real SHA-256.
  const hash = i.toString(16).padStart(64, 'a');
  const metadata =
    `{"occurredAt":${JSON.stringify(m.occurredAt)},"recordedAt":"${RECORDED_AT}","actor":${JSON.stringify(m.actor)}` +
    `,"commandId":${JSON.stringify(m.commandId)},"correlationId":${JSON.stringify(m.correlationId)},"causationId":${JSON.stringify(m.causationId)}` +
    `,"schemaVersion":${m.schemaVersion},"hash":"${hash}"}`;
  return [streamName(c), j, event.type, canonicalJson(event.data)!, metadata];
};

export const ceilingSqliteW1 = async (size: W1Size): Promise<W1Side> => {
  const rows: EventRow[] = [];
  for (let c = 0; c < size.clients; c++) for (let j = 0; j < size.commandsPerClient; j++) rows.push(w1Row(c, j, rows.length));
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
