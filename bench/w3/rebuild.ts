// W3: `rapport rebuild` (the compiled CLI, one cold process) of every projection from the W3 log,
// into the SQLite file itself and into a Redis server of our own; its ceiling is reading the same
// events with the store's readAll query and JSON.parse-ing data and metadata.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import Database from 'libsql';
import { runChild } from '../support/child.js';
import { perSecond, type Result } from '../support/figures.js';
import { CLI } from '../w2/apply.js';

const READ_ALL = 'SELECT position, stream, stream_version, type, data, metadata FROM events WHERE position > ? ORDER BY position LIMIT 1000';

const ceilingRead = (file: string): number => {
  const db = new Database(file, { readonly: true });
  try {
    const read = db.prepare(READ_ALL).raw();
    let after = 0;
    let events = 0;
    let sink = 0;
    const start = performance.now();
    for (;;) {
      const rows = read.all([after]) as [number, string, number, string, string, string][];
      if (rows.length === 0) break;
      for (const row of rows) {
        const data = JSON.parse(row[4]) as { clientId?: string };
        const metadata = JSON.parse(row[5]) as { hash: string };
        sink += (data.clientId === undefined ? 0 : 1) + metadata.hash.length;
      }
      events += rows.length;
      after = rows[rows.length - 1]![0];
    }
    if (sink < 0) throw new Error('unreachable');
    return perSecond(events, start, performance.now());
  } finally {
    db.close();
  }
};

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

/** A throwaway redis-server (no persistence) on a free port, so nothing shared is touched. */
const startRedis = async (): Promise<{ url: string; stop: () => Promise<void> }> => {
  const port = await freePort();
  const server: ChildProcess = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  for (let i = 0; ; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (up) break;
    if (i > 100) throw new Error('redis-server did not start');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url: `redis://127.0.0.1:${port}/0`,
    stop: async () => {
      server.kill();
      await exited;
    },
  };
};

export const w3 = async (file: string, events: number): Promise<Result[]> => {
  const ceiling = ceilingRead(file);
  const sqlite = await runChild(process.execPath, [CLI, 'rebuild', '--store', `sqlite:${file}`]);
  const redis = await startRedis();
  let redisRun;
  try {
    redisRun = await runChild(process.execPath, [CLI, 'rebuild', '--store', `sqlite:${file}`, '--read-models', redis.url]);
  } finally {
    await redis.stop();
  }
  const note = `${events.toLocaleString('en-US')} events; cold process`;
  return [
    { id: 'W3.rapport.sqlite', value: (events / sqlite.ms) * 1000, unit: 'per s', note },
    { id: 'W3.rapport.redis', value: (events / redisRun.ms) * 1000, unit: 'per s', note },
    { id: 'W3.ceiling.read', value: ceiling, unit: 'per s' },
    { id: 'W3.rss', value: Math.max(sqlite.peakRssMb, redisRun.peakRssMb), unit: 'MB', note: `sqlite ${Math.round(sqlite.peakRssMb)}, redis ${Math.round(redisRun.peakRssMb)}` },
  ];
};
