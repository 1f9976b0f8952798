// `rapport serve` end to end on the sample firm: the JSON API answers byte for byte what the report
// commands print, bad parameters get the CLI's message with 400, and nothing but GET and HEAD is
// accepted. A real server in a child process, on a free port.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from './support/run-cli.js';
import { serveCli, type ServedCli } from './support/serve-cli.js';
import { tempStores } from './support/temp-stores.js';

const SAMPLE = path.join(REPO_ROOT, 'examples/sample-firm.jsonl');
const { freshStore } = tempStores('rapport-serve-');
const firm = freshStore();
let server: ServedCli;

beforeAll(async () => {
  expect((await runCli(['apply', SAMPLE, '--store', firm.url, '--format', 'json'])).code).toBe(0);
  server = await serveCli(['--store', firm.url]);
});

afterAll(async () => {
  // SIGTERM closes it cleanly: exit 0.
  if (server !== undefined) expect((await server.stop()).code).toBe(0);
});

const cli = (args: readonly string[]) => runCli([...args, '--store', firm.url, '--format', 'json']);

describe('rapport serve', () => {
  it('listens on 127.0.0.1 by default', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('/api/reports/NAME answers exactly what `rapport report NAME --format json` prints, options as query parameters', async () => {
    const cases: readonly (readonly [string, readonly string[]])[] = [
      ['attrition?period=2024-Q3', ['report', 'attrition', '--period', '2024-Q3']],
      ['complaints?period=2024-08&overdue-days=20', ['report', 'complaints', '--period', '2024-08', '--overdue-days', '20']],
      ['winback?as-of=2025-06-30&all&limit=3', ['report', 'winback', '--as-of', '2025-06-30', '--all', '--limit', '3']],
      ['segments?as-of=2025-06-30&key-account-threshold=5000000', ['report', 'segments', '--as-of', '2025-06-30', '--key-account-threshold', '5000000']],
      ['cohorts?from=2024-02&to=2024-06', ['report', 'cohorts', '--from', '2024-02', '--to', '2024-06']],
      ['kpis?period=2024&known-at=2024-01-01', ['report', 'kpis', '--period', '2024', '--known-at', '2024-01-01']],
      // The two global options a request may choose: its own zone, and answering from the read models as they stand.
      ['cohorts?tz=Pacific%2FAuckland&to=2024-06', ['report', 'cohorts', '--to', '2024-06', '--tz', 'Pacific/Auckland']],
      ['lifecycle?as-of=2025-06-30&catch-up=never', ['report', 'lifecycle', '--as-of', '2025-06-30', '--catch-up', 'never']],
      // An offset's '+' sent unescaped arrives as a space: read as the '+' it was.
      ['winback?as-of=2025-06-30T12:00:00+08:00', ['report', 'winback', '--as-of', '2025-06-30T12:00:00+08:00']],
      ['winback?as-of=2025-06-30T12:00:00%2B08:00', ['report', 'winback', '--as-of', '2025-06-30T12:00:00+08:00']],
    ];
    const runs = await Promise.all(cases.map(([, args]) => cli(args)));
    for (const [i, [query]] of cases.entries()) {
      const response = await fetch(`${server.url}api/reports/${query}`);
      expect(response.status, query).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(await response.text(), query).toBe(runs[i]!.stdout);
    }
  });

  it('a bad parameter is 400 with the message the CLI prints for the same mistake', async () => {
    const cases: readonly (readonly [string, readonly string[]])[] = [
      ['kpis', ['report', 'kpis']],
      ['attrition?period=2024-Q5', ['report', 'attrition', '--period', '2024-Q5']],
      ['winback?limit=ten', ['report', 'winback', '--limit', 'ten']],
      ['lifecycle?as-of=2023-02-30', ['report', 'lifecycle', '--as-of', '2023-02-30']],
      ['cohorts?colour=red', ['report', 'cohorts', '--colour', 'red']],
      ['cohorts?tz=Mars%2FOlympus', ['report', 'cohorts', '--tz', 'Mars/Olympus']],
      ['cohorts?catch-up=sometimes', ['report', 'cohorts', '--catch-up', 'sometimes']],
    ];
    const runs = await Promise.all(cases.map(([, args]) => cli(args)));
    for (const [i, [query]] of cases.entries()) {
      const response = await fetch(`${server.url}api/reports/${query}`);
      expect(response.status, query).toBe(400);
      expect(runs[i]!.code).toBe(2);
      const { error } = (await response.json()) as { error: string };
      expect(`rapport: ${error}\n`, query).toBe(runs[i]!.stderr);
    }
  });

  it('unknown paths and reports are 404, writes are 405, HEAD has the headers and no body', async () => {
    const [unknownPath, unknownReport, post, del, head] = await Promise.all([
      fetch(`${server.url}admin`),
      fetch(`${server.url}api/reports/history`),
      fetch(`${server.url}api/reports/kpis?period=2024`, { method: 'POST', body: '{}' }),
      fetch(server.url, { method: 'DELETE' }),
      fetch(`${server.url}api/reports/cohorts`, { method: 'HEAD' }),
    ]);
    expect(unknownPath.status).toBe(404);
    expect(unknownReport.status).toBe(404);
    expect(((await unknownReport.json()) as { error: string }).error).toMatch(/unknown report "history"; one of: lifecycle, attrition, kpis, winback, segments, cohorts, complaints/);
    for (const refused of [post, del]) {
      expect(refused.status).toBe(405);
      expect(refused.headers.get('allow')).toBe('GET, HEAD');
    }
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(0);
    expect(await head.text()).toBe('');
  });

  it('GET / is the report page with a picker, re-rendered for ?period=&asOf=; a bad period is a 400 page', async () => {
    const [home, chosen, bad, twice] = await Promise.all([
      fetch(server.url),
      fetch(`${server.url}?period=2024-Q3&asOf=2024-12-31`),
      fetch(`${server.url}?period=2024-Q5&asOf=2024-12-31`),
      fetch(`${server.url}?period=2024-Q3&period=2024-Q4`),
    ]);
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const homePage = await home.text();
    expect(homePage).toContain('<form class="picker" method="get" action="/"');
    expect(homePage).toContain('name="period" value="2025-Q1"');
    const page = await chosen.text();
    expect(page).toContain('name="period" value="2024-Q3"');
    expect(page).toContain('name="asOf" value="2024-12-31"');
    expect(page).toContain('"label":"2024-Q3"');
    expect(bad.status).toBe(400);
    const badPage = await bad.text();
    expect(badPage).toContain('Period: period &quot;2024-Q5&quot; is not valid');
    // The picker is kept with what was typed, to correct it there.
    expect(badPage).toContain('name="period" value="2024-Q5"');
    expect(badPage).toContain('name="asOf" value="2024-12-31"');
    // Two periods are refused, as the JSON API refuses a repeated option, not one of them picked.
    expect(twice.status).toBe(400);
    expect(await twice.text()).toContain('period is given more than once');
  });
});

/** A GET whose request target is sent as is (fetch would normalise it). */
const rawGet = async (target: string): Promise<{ status: number; body: string }> => {
  const { request } = await import('node:http');
  return new Promise((resolve, reject) => {
    const req = request(server.url, { method: 'GET', path: target }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
};

describe('rapport serve at its edges', () => {
  it('a request target that is no URL is 400 with a JSON error, not an empty 500', async () => {
    const answer = await rawGet('http://[');
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toEqual({ error: 'not a request target: "http://["' });
  });

  it('a path starting with // is read as a path, not as a host: the 404 names what was sent', async () => {
    const answer = await rawGet('//api/reports/lifecycle');
    expect(answer.status).toBe(404);
    expect((JSON.parse(answer.body) as { error: string }).error).toMatch(/^no such page: \/\/api\/reports\/lifecycle; try \//);
    // The absolute form a proxy sends still works.
    expect((await rawGet(`${server.url}healthz`)).status).toBe(200);
  });

  it('a parameter value too long to be one is 400 without being echoed back', async () => {
    const long = 'A'.repeat(8000);
    const api = await fetch(`${server.url}api/reports/kpis?period=${long}`);
    expect(api.status).toBe(400);
    expect(await api.json()).toEqual({ error: '--period: a value of 8000 characters is longer than any parameter takes (at most 200); check the URL' });
    const name = await fetch(`${server.url}api/reports/kpis?${long}=1`);
    expect(name.status).toBe(400);
    expect(((await name.json()) as { error: string }).error).toBe(`unknown option --${'A'.repeat(200)}… for report kpis; run rapport report kpis --help`);
    const page = await fetch(`${server.url}?period=${long}`);
    expect(page.status).toBe(400);
    const text = await page.text();
    expect(text).toContain('Period: a value of 8000 characters is longer than any parameter takes (at most 200); check the URL');
    expect(text.length).toBeLessThan(8000);
  });

  it('GET /healthz is {"status":"ok"} without reading the store', async () => {
    const response = await fetch(`${server.url}healthz`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('a store file that stopped being a store while serving is 503 (an outage), not 400 (a bad request)', async () => {
    const fs = await import('node:fs');
    const copy = freshStore();
    fs.mkdirSync(path.dirname(copy.file), { recursive: true });
    fs.copyFileSync(firm.file, copy.file);
    const other = await serveCli(['--store', copy.url]);
    try {
      expect((await fetch(`${other.url}api/reports/lifecycle`)).status).toBe(200);
      for (const suffix of ['', '-wal', '-shm']) fs.rmSync(copy.file + suffix, { force: true });
      fs.writeFileSync(copy.file, 'garbage');
      const response = await fetch(`${other.url}api/reports/lifecycle`);
      expect(response.status).toBe(503);
      expect(((await response.json()) as { error: string }).error).toMatch(/^store unavailable: --store: sqlite:.* is not a Rapport store/);
    } finally {
      await other.stop();
    }
  });
});
