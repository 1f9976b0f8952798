// W2: `rapport apply` (the compiled CLI, one cold process) of a generated firm into a new SQLite
// store, against its ceiling: the very event rows apply wrote, inserted raw into a new file with
// the same schema in 1,000-row transactions of 32-row statements (the store's own batching).
import fs from 'node:fs';
import path from 'node:path';
import Database from 'libsql';
import { generateDemoFirm } from '../../packages/cli/src/demo/generate.js';
import { runChild } from '../support/child.js';
import { perSecond, type Result } from '../support/figures.js';
import { insertSql, openCeilingFile, type EventRow } from '../support/sqlite-file.js';

export const CLI = path.resolve(import.meta.dirname, '../../packages/cli/dist/main.js');

/** The firm as `apply` input: one command a line, in the order they must run. */
const writeFirmFile = (file: string, clients: number): number => {
  const { entries } = generateDemoFirm({ clients, years: 3, seed: 1 });
  const fd = fs.openSync(file, 'w');
  try {
    let chunk = '';
    for (const entry of entries) {
      chunk += JSON.stringify(entry.command) + '\n';
      if (chunk.length > 1 << 20) {
        fs.writeSync(fd, chunk);
        chunk = '';
      }
    }
    fs.writeSync(fd, chunk);
  } finally {
    fs.closeSync(fd);
  }
  return entries.length;
};

const readRows = (file: string): EventRow[] => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT stream, stream_version, type, data, metadata FROM events ORDER BY position').raw().all() as EventRow[];
  } finally {
    db.close();
  }
};

const ceiling = (rows: readonly EventRow[], file: string): number => {
  const db = openCeilingFile(file);
  try {
    const perTransaction = 1000;
    const perStatement = 32;
    const one = db.prepare(insertSql(1));
    const many = db.prepare(insertSql(perStatement));
    const params: unknown[] = new Array(perStatement * 5);
    const start = performance.now();
    for (let t = 0; t < rows.length; t += perTransaction) {
      const end = Math.min(t + perTransaction, rows.length);
      db.exec('BEGIN IMMEDIATE');
      let i = t;
      for (; i + perStatement <= end; i += perStatement) {
        for (let k = 0; k < perStatement; k++) for (let f = 0; f < 5; f++) params[k * 5 + f] = rows[i + k]![f];
        many.run(params);
      }
      for (; i < end; i++) one.run(rows[i]!);
      db.exec('COMMIT');
    }
    return perSecond(rows.length, start, performance.now());
  } finally {
    db.close();
  }
};

export const w2 = async (dir: string, clients: number): Promise<Result[]> => {
  const input = path.join(dir, 'firm.jsonl');
  const store = path.join(dir, 'w2.db');
  const lines = writeFirmFile(input, clients);
  const run = await runChild(process.execPath, [CLI, 'apply', input, '--store', `sqlite:${store}`, '--format', 'json']);
  const summary = JSON.parse(run.stdout) as { applied: number; rejected: unknown[] };
  if (summary.rejected.length > 0 || summary.applied !== lines) throw new Error(`W2 apply: ${summary.applied} of ${lines} applied, ${summary.rejected.length} rejected`);
  const rows = readRows(store);
  const rate = ceiling(rows, path.join(dir, 'w2-ceiling.db'));
  const note = `${lines.toLocaleString('en-US')} commands, ${clients.toLocaleString('en-US')} clients; cold process`;
  return [
    { id: 'W2.rapport.sqlite', value: (lines / run.ms) * 1000, unit: 'per s', note },
    { id: 'W2.ceiling.sqlite', value: rate, unit: 'per s', note: `${rows.length.toLocaleString('en-US')} rows` },
    { id: 'W2.rss', value: run.peakRssMb, unit: 'MB' },
  ];
};
