// W1.ceiling.sqlite: the W1 events as the SQLite store writes them (canonical data, metadata with
// a 64-hex hash), one BEGIN IMMEDIATE; INSERT; COMMIT each, built before the clock starts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { canonicalJson } from '@rapport/core/store-kit';
import { perSecond } from '../support/figures.js';
import { insertSql, openCeilingFile, type EventRow } from '../support/sqlite-file.js';
import type { W1Size } from './emmett.js';
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

export const ceilingSqliteW1 = (size: W1Size): number => {
  const rows: EventRow[] = [];
  for (let c = 0; c < size.clients; c++) for (let j = 0; j < size.commandsPerClient; j++) rows.push(w1Row(c, j, rows.length));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-ceiling-'));
  const db = openCeilingFile(path.join(dir, 'events.db'));
  try {
    const insert = db.prepare(insertSql(1));
    const start = performance.now();
    for (const row of rows) {
      db.exec('BEGIN IMMEDIATE');
      insert.run(row);
      db.exec('COMMIT');
    }
    return perSecond(rows.length, start, performance.now());
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
};
