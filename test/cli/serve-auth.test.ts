// `rapport serve` with RAPPORT_SERVE_TOKEN: a request without the token gets 401 and the challenge
// that makes a browser ask for it; with it (Bearer, or as the Basic password) the dashboard answers
// as without a gate. Another --host without a token is refused before anything listens.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from './support/run-cli.js';
import { serveCli, type ServedCli } from './support/serve-cli.js';
import { tempStores } from './support/temp-stores.js';

const SAMPLE = path.join(REPO_ROOT, 'examples/sample-firm.jsonl');
const TOKEN = 'f00d-2f4a9c0e71b3d856';
const { freshStore } = tempStores('rapport-serve-auth-');
const firm = freshStore();
let server: ServedCli;

beforeAll(async () => {
  expect((await runCli(['apply', SAMPLE, '--store', firm.url, '--format', 'json'])).code).toBe(0);
  server = await serveCli(['--store', firm.url], 30_000, { RAPPORT_SERVE_TOKEN: TOKEN });
});

afterAll(async () => {
  if (server !== undefined) expect((await server.stop()).code).toBe(0);
});

const basic = (password: string): string => `Basic ${Buffer.from(`manager:${password}`, 'utf8').toString('base64')}`;

describe('rapport serve with a token', () => {
  it('answers 401 with a Basic challenge to a request without the token, or with another one', async () => {
    const [page, api, wrong] = await Promise.all([
      fetch(server.url),
      fetch(`${server.url}api/reports/attrition?period=2024-Q3`),
      fetch(`${server.url}api/reports/attrition?period=2024-Q3`, { headers: { authorization: `Bearer ${TOKEN}x` } }),
    ]);
    for (const response of [page, api, wrong]) {
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Basic realm="Rapport", charset="UTF-8"');
    }
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).not.toContain('Attrition');
    expect(((await api.json()) as { error: string }).error).toMatch(/needs its token: Authorization: Bearer TOKEN/);
  });

  it('/healthz needs the token too: it says the dashboard is there, which is not for anyone', async () => {
    const [without, withToken] = await Promise.all([fetch(`${server.url}healthz`), fetch(`${server.url}healthz`, { headers: { authorization: `Bearer ${TOKEN}` } })]);
    expect(without.status).toBe(401);
    expect(without.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(withToken.status).toBe(200);
    expect(await withToken.json()).toEqual({ status: 'ok' });
  });

  it('with the token, as a Bearer header or the Basic password, answers what the report command prints', async () => {
    const printed = await runCli(['report', 'attrition', '--period', '2024-Q3', '--store', firm.url, '--format', 'json']);
    for (const authorization of [`Bearer ${TOKEN}`, basic(TOKEN)]) {
      const response = await fetch(`${server.url}api/reports/attrition?period=2024-Q3`, { headers: { authorization } });
      expect(response.status).toBe(200);
      expect(await response.text()).toBe(printed.stdout);
    }
    const page = await fetch(server.url, { headers: { authorization: basic(TOKEN) } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form class="picker"');
  });

  it('refuses another --host without a token (exit 2), and a token too short to be one', async () => {
    const open = await runCli(['serve', '--port', '0', '--host', '0.0.0.0', '--store', firm.url]);
    expect(open.code).toBe(2);
    expect(open.stderr).toMatch(/--host 0\.0\.0\.0 would let anyone who can reach it read the firm's clients: set RAPPORT_SERVE_TOKEN/);
    // An address that is none is named as such, not as one open to anyone.
    const none = await runCli(['serve', '--port', '0', '--host', '999.1.1.1', '--store', firm.url]);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe('rapport: --host 999.1.1.1 is not a usable address: give an IP address of this machine (127.0.0.1, ::1, 0.0.0.0 for all) or a name that resolves to one\n');
    // 192.0.2.1 is reserved for documentation (RFC 5737): no machine has it.
    const empty = await runCli(['serve', '--port', '0', '--host', '', '--no-auth', '--store', firm.url]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toBe('rapport: --host: needs an address, as in --host 127.0.0.1 (0.0.0.0 listens on every interface)\n');
    const elsewhere = await runCli(['serve', '--port', '0', '--host', '192.0.2.1', '--store', firm.url], { env: { RAPPORT_SERVE_TOKEN: TOKEN } });
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.stderr).toBe('rapport: --host 192.0.2.1 is not an address of this machine: give one of its own (127.0.0.1, ::1, 0.0.0.0 for all)\n');
    const short = await runCli(['serve', '--port', '0', '--store', firm.url], { env: { RAPPORT_SERVE_TOKEN: 'abc' } });
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/RAPPORT_SERVE_TOKEN must be at least 16 characters/);
  });
});
