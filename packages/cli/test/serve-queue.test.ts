// The dashboard's queue (serve/request-queue.ts, serve/server.ts): one request answered at a time,
// a request whose client left before its turn dropped without being built, and a bounded wait.
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { GlobalOptions } from '../src/config/global-options.js';
import { createRequestQueue } from '../src/serve/request-queue.js';
import { createDashboardServer } from '../src/serve/server.js';

/** A promise and the function that settles it. */
const deferred = <T = void>() => {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
};

/** Polls `check` every 10 ms for up to 10 s. */
const until = async (what: string, check: () => boolean | Promise<boolean>): Promise<void> => {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('the request queue', () => {
  it('runs work one at a time in arrival order, skips what is gone by its turn, and refuses beyond its bound', async () => {
    const queue = createRequestQueue(3);
    const order: string[] = [];
    const first = deferred();
    const gone = new Set<string>();
    const job = (name: string, wait?: Promise<void>) => queue.run(() => gone.has(name), async () => (order.push(`start ${name}`), await wait, order.push(`end ${name}`), name));

    const a = job('a', first.promise);
    const b = job('b');
    const c = job('c');
    const d = job('d');
    // a is waiting for its turn like the others until the loop turns, so the fourth is one too many.
    expect(await d).toEqual({ kind: 'full' });
    // Nothing starts before the event loop has been through a poll phase (that is when closed
    // connections are seen): not after microtasks, not after the check phase the queue began in.
    for (let i = 0; i < 20; i++) await Promise.resolve();
    expect(order).toEqual([]);
    expect(queue.waiting).toBe(3);
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(['start a']);
    expect(queue.waiting).toBe(2);
    gone.add('b');
    first.resolve();
    expect(await a).toEqual({ kind: 'done', value: 'a' });
    expect(await b).toEqual({ kind: 'gone' });
    expect(await c).toEqual({ kind: 'done', value: 'c' });
    expect(order).toEqual(['start a', 'end a', 'start c', 'end c']);
    expect(queue.waiting).toBe(0);
  });

  it('once closed, tells the waiting and every later request so at once, and lets the work under way finish', async () => {
    const queue = createRequestQueue(4);
    const under = deferred();
    const order: string[] = [];
    const a = queue.run(() => false, async () => (await under.promise, order.push('a'), 'a'));
    const b = queue.run(() => false, async () => (order.push('b'), 'b'));
    await until('a to be under way', () => queue.waiting === 1);
    let closed = false;
    const closing = queue.close().then(() => (closed = true));
    expect(await b).toEqual({ kind: 'closed' });
    expect(await queue.run(() => false, () => Promise.resolve('c'))).toEqual({ kind: 'closed' });
    expect(closed).toBe(false);
    under.resolve();
    expect(await a).toEqual({ kind: 'done', value: 'a' });
    await closing;
    expect(order).toEqual(['a']);
  });

  it('asks whether a client left only after the loop has polled again since its request came', async () => {
    // A request read while the queue waits for the next turn has its client's FIN, if any, read in
    // the loop's next poll phase: its own turn must not come before that.
    const queue = createRequestQueue(4);
    expect(await queue.run(() => false, () => Promise.resolve('a'))).toEqual({ kind: 'done', value: 'a' });
    // The queue now waits a turn for whatever comes next; half of it has passed.
    await new Promise((resolve) => setImmediate(resolve));
    let checks = 0;
    const count = (): void => void setImmediate(() => ++checks < 5 && count());
    let checksAtGone: number | undefined;
    const b = queue.run(() => ((checksAtGone = checks), true), () => Promise.resolve('b'));
    count();
    expect(await b).toEqual({ kind: 'gone' });
    // At least one check phase passed since b came, so a poll phase came between.
    expect(checksAtGone).toBeGreaterThanOrEqual(1);
  });

  it('goes on after a request whose work failed', async () => {
    const queue = createRequestQueue(4);
    const failed = queue.run(() => false, () => Promise.reject(new Error('broken page')));
    const next = queue.run(() => false, () => Promise.resolve(42));
    await expect(failed).rejects.toThrow('broken page');
    expect(await next).toEqual({ kind: 'done', value: 42 });
  });
});

describe('the dashboard server', () => {
  let server: http.Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
  });

  /** A server whose page waits for `release` and counts what it builds. */
  const start = async (maxWaiting: number) => {
    const release = deferred();
    const built: string[] = [];
    const deps = {
      globals: {} as GlobalOptions,
      reports: new Map(),
      page: async (request: { readonly period?: string }) => {
        built.push(request.period ?? 'default');
        await release.promise;
        return `<p>${request.period ?? 'default'}</p>`;
      },
      env: {},
      cwd: process.cwd(),
      log: () => undefined,
    };
    server = createDashboardServer({ deps, gate: null, maxWaiting }).http;
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return { base: `http://127.0.0.1:${port}/`, built, release: release.resolve };
  };

  /** A GET on a connection of its own; `abort()` closes it before any answer. */
  const get = (url: string) => {
    let abort = (): void => undefined;
    const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = http.get(url, { agent: false }, (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      });
      request.on('error', reject);
      abort = () => request.destroy();
    });
    answered.catch(() => undefined);
    return { answered, abort: () => abort() };
  };

  const connections = (s: http.Server): Promise<number> => new Promise((resolve, reject) => s.getConnections((error, n) => (error ? reject(error) : resolve(n))));

  it('builds no page for a client that left while it waited', async () => {
    const { base, built, release } = await start(32);
    const first = get(`${base}?period=2024-Q1`);
    await until('the first page to be under way', () => built.length === 1);
    const abandoned = Array.from({ length: 5 }, (_, i) => get(`${base}?period=2023-Q${1 + (i % 4)}`));
    const last = get(`${base}?period=2024-Q2`);
    await until('every request to reach the server', async () => (await connections(server!)) === 7);
    for (const a of abandoned) a.abort();
    await until('the abandoned connections to be closed', async () => (await connections(server!)) === 2);
    release();
    expect(await first.answered).toEqual({ status: 200, body: '<p>2024-Q1</p>' });
    expect(await last.answered).toEqual({ status: 200, body: '<p>2024-Q2</p>' });
    expect(built).toEqual(['2024-Q1', '2024-Q2']);
  });

  it('builds no page for a client that left while the page before it kept the event loop busy', async () => {
    // The page before them ends as a real build does: in an I/O callback (the store's read), then
    // synchronous work that blocks the loop, during which the queued clients close their
    // connections. Their FIN is only read in the next poll phase of the loop.
    const release = deferred();
    const built: string[] = [];
    let leave = (): void => undefined;
    const deps = {
      globals: {} as GlobalOptions,
      reports: new Map(),
      page: async (request: { readonly period?: string }) => {
        built.push(request.period ?? 'default');
        if (request.period === '2024-Q1') {
          await release.promise;
          await readFile(import.meta.filename);
          leave();
          const until = Date.now() + 50;
          while (Date.now() < until);
        }
        return `<p>${request.period ?? 'default'}</p>`;
      },
      env: {},
      cwd: process.cwd(),
      log: () => undefined,
    };
    server = createDashboardServer({ deps, gate: null }).http;
    let arrived = 0;
    server.on('request', () => (arrived += 1));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const base = `http://127.0.0.1:${port}/`;
    const first = get(`${base}?period=2024-Q1`);
    await until('the first page to be under way', () => built.length === 1);
    const abandoned = Array.from({ length: 5 }, (_, i) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.write(`GET /?period=2023-Q${1 + (i % 4)} HTTP/1.1\r\nHost: dashboard\r\n\r\n`);
      socket.on('error', () => undefined);
      return socket;
    });
    const last = get(`${base}?period=2024-Q2`);
    await until('every request to reach the server', () => arrived === 7);
    leave = () => abandoned.forEach((socket) => socket.destroy());
    release.resolve();
    expect(await first.answered).toEqual({ status: 200, body: '<p>2024-Q1</p>' });
    expect(await last.answered).toEqual({ status: 200, body: '<p>2024-Q2</p>' });
    expect(built).toEqual(['2024-Q1', '2024-Q2']);
  });

  it('answers what needs no store (404, 405, a bad parameter, /healthz) at once, while a page is being built', async () => {
    const { base, built, release } = await start(32);
    const first = get(`${base}?period=2024-Q1`);
    await until('the first page to be under way', () => built.length === 1);
    const stillWaiting = new Promise<'still waiting'>((resolve) => setTimeout(() => resolve('still waiting'), 2_000));
    const status = (url: string, init?: RequestInit) => Promise.race([fetch(url, init).then((response) => response.status), stillWaiting]);
    expect(
      await Promise.all([
        status(`${base}admin`),
        status(`${base}api/reports/kpis`),
        status(base, { method: 'DELETE' }),
        status(`${base}?colour=red`),
        status(`${base}healthz`),
      ]),
    ).toEqual([404, 404, 405, 400, 200]);
    expect(built).toEqual(['2024-Q1']);
    release();
    expect((await first.answered).status).toBe(200);
  });

  it('answers 503 with Retry-After, at once, beyond the bound of waiting requests', async () => {
    const { base, built, release } = await start(2);
    const first = get(`${base}?period=2024-Q1`);
    await until('the first page to be under way', () => built.length === 1);
    const waiting = [get(`${base}?period=2024-Q2`), get(`${base}?period=2024-Q3`)];
    await until('both to wait', async () => (await connections(server!)) === 3);
    const refused = await fetch(`${base}?period=2024-Q4`);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(((await refused.json()) as { error: string }).error).toMatch(/^busy: 2 requests are waiting/);
    release();
    expect((await first.answered).status).toBe(200);
    expect(await Promise.all(waiting.map((w) => w.answered.then((a) => a.status)))).toEqual([200, 200]);
    expect(built).toEqual(['2024-Q1', '2024-Q2', '2024-Q3']);
  });
});
