// `rapport serve` stopped by SIGTERM while requests wait behind a slow page: the one under way
// finishes, every other is answered 503 (Connection: close) rather than reset, new connections are
// refused, and the process exits 0. A real server in a child process, on a firm big enough that a
// page takes a few hundred milliseconds.
import http from 'node:http';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.js';
import { serveCli } from './support/serve-cli.js';
import { tempStores } from './support/temp-stores.js';

const { freshStore } = tempStores('rapport-serve-stop-');
const firm = freshStore();

beforeAll(async () => {
  expect((await runCli(['demo', '--clients', '600', '--years', '3', '--store', firm.url, '--html', `${firm.file}.html`])).code).toBe(0);
}, 60_000);

interface Answer {
  readonly status: number;
  readonly connection: string | undefined;
  readonly body: string;
}

/** A GET on a connection of its own: its answer, or the error code it ended with. */
const get = (url: string): Promise<Answer | string> =>
  new Promise((resolve) => {
    const request = http.get(url, { agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, connection: response.headers.connection, body }));
      response.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    });
    request.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('rapport serve on SIGTERM', () => {
  it('finishes the page under way, answers the waiting 503 with Connection: close, refuses new connections, exits 0', async () => {
    const server = await serveCli(['--store', firm.url]);
    const first = get(`${server.url}?period=2025-Q1`);
    await sleep(50);
    const waiting = ['2025-Q2', '2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2'].map((period) => get(`${server.url}?period=${period}`));
    await sleep(50);
    const stopped = server.stop();
    const answers = await Promise.all([first, ...waiting]);
    const { code } = await stopped;
    expect(code).toBe(0);
    expect(answers[0]).toMatchObject({ status: 200, connection: 'close' });
    for (const answer of answers) {
      // Each is a page or the 503; none is a reset connection.
      expect(typeof answer, JSON.stringify(answer)).toBe('object');
      const { status, connection, body } = answer as Answer;
      expect([200, 503]).toContain(status);
      expect(connection).toBe('close');
      if (status === 503) expect(JSON.parse(body)).toEqual({ error: expect.stringMatching(/^shutting down: /) as unknown });
    }
    // The stop came while pages were still to build: some of them were told so.
    expect(answers.filter((answer) => typeof answer === 'object' && answer.status === 503).length).toBeGreaterThan(0);
    expect(await get(`${server.url}healthz`)).toBe('ECONNREFUSED');
  }, 60_000);
});
