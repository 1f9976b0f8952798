// rapport serve --catch-up never: a stateless reader beside a projector. With the event store out of
// reach (a PostgreSQL URL nothing listens on), the dashboard and its JSON API answer from the
// read models as they stand, exactly as the CLI's --catch-up never reports do.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from './support/run-cli.js';
import { serveCli, type ServedCli } from './support/serve-cli.js';
import { tempStores } from './support/temp-stores.js';

const SAMPLE = path.join(REPO_ROOT, 'examples/sample-firm.jsonl');
const { freshStore } = tempStores('rapport-serve-never-');
const firm = freshStore();
// Port 1 on loopback: refused at once, so a reader that opened the log would fail, not hang.
const UNREACHABLE = 'postgres://postgres@127.0.0.1:1/rapport';
const reader = ['--store', UNREACHABLE, '--read-models', firm.url, '--catch-up', 'never'];
let server: ServedCli;

beforeAll(async () => {
  expect((await runCli(['apply', SAMPLE, '--store', firm.url])).code).toBe(0);
  // The projector's part: bring the read models (in the same file) to the end of the log.
  expect((await runCli(['project', '--store', firm.url])).code).toBe(0);
  server = await serveCli(reader);
});

afterAll(async () => {
  if (server !== undefined) expect((await server.stop()).code).toBe(0);
});

describe('rapport serve --catch-up never', () => {
  it('answers the API from the read models alone, as the CLI reader does', async () => {
    const cli = await runCli(['report', 'attrition', '--period', '2025-Q1', '--format', 'json', ...reader]);
    expect(cli.code, cli.stderr).toBe(0);
    const response = await fetch(`${server.url}api/reports/attrition?period=2025-Q1`);
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(body).toBe(cli.stdout);
    expect(JSON.parse(body)).toMatchObject({ firm: { activeAtStart: 4, lost: 1 } });
  });

  it('keeps to it: a request cannot ask it to open the event store', async () => {
    const response = await fetch(`${server.url}api/reports/attrition?period=2025-Q1&catch-up=auto`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/^--catch-up auto: this dashboard answers from the read models as they stand/);
  });

  it('serves the page too', async () => {
    const response = await fetch(`${server.url}?period=2025-Q1&asOf=2025-03-31`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('id="rapport-data"');
  });
});
