// The HTML management report in a real browser (Debian's headless Chromium, driven by
// playwright-core): the file `rapport report html` writes, opened from disk, and the page `rapport
// serve` answers. Each must load with no console error and no request leaving the machine, draw
// every chart at a non-zero size, show the figures its embedded JSON holds, and embed exactly the
// JSON the report commands print. Screenshots go to test-artifacts/ for a person to look at.
//
// Without Chromium the tests are skipped with the reason printed, except in CI (CI=true or
// RAPPORT_REQUIRE_SERVICES=1), where that is a failure.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../cli/support/run-cli.js';
import { serveCli, type ServedCli } from '../cli/support/serve-cli.js';
import { tempStores } from '../cli/support/temp-stores.js';

const CHROMIUM = process.env['RAPPORT_CHROMIUM'] ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts');
const SAMPLE = path.join(REPO_ROOT, 'examples/sample-firm.jsonl');

const required = process.env['CI'] === 'true' || process.env['RAPPORT_REQUIRE_SERVICES'] === '1';
const missing = fs.existsSync(CHROMIUM) ? null : `${CHROMIUM} is not installed (apt-get install chromium, or set RAPPORT_CHROMIUM)`;
if (missing !== null && !required) process.stderr.write(`skipping the browser tests: ${missing}\n`);
const describeInBrowser = missing !== null && !required ? (name: string, body: () => void) => describe.skip(`[skipped: ${missing}] ${name}`, body) : describe;

// The page's P and T for the written file; the served page's defaults are the sample's own.
const PERIOD = '2024-Q4';
const AS_OF = '2024-12-31';

type Reports = Record<string, unknown>;

/** The CLI's JSON for every report the page embeds, for P and T. */
const CLI_REPORTS: Readonly<Record<string, readonly string[]>> = {
  attrition: ['report', 'attrition', '--period', PERIOD],
  kpis: ['report', 'kpis', '--period', PERIOD],
  complaints: ['report', 'complaints', '--period', PERIOD],
  lifecycle: ['report', 'lifecycle', '--as-of', AS_OF],
  winback: ['report', 'winback', '--as-of', AS_OF],
  segments: ['report', 'segments', '--as-of', AS_OF],
  cohorts: ['report', 'cohorts'],
};

/** The same reports from the dashboard's API, with the CLI's option names as parameters. */
const API_QUERIES: Readonly<Record<string, string>> = {
  attrition: `attrition?period=${PERIOD}`,
  kpis: `kpis?period=${PERIOD}`,
  complaints: `complaints?period=${PERIOD}`,
  lifecycle: `lifecycle?as-of=${AS_OF}`,
  winback: `winback?as-of=${AS_OF}`,
  segments: `segments?as-of=${AS_OF}`,
  cohorts: 'cohorts',
};

interface Visit {
  readonly page: Page;
  readonly context: BrowserContext;
  /** Console errors, uncaught exceptions and failed requests. */
  readonly problems: string[];
  /** Requests to anywhere but a file or this machine's server, each refused. */
  readonly outside: string[];
}

describeInBrowser('the management report in headless Chromium', () => {
  const { root, freshStore } = tempStores('rapport-browser-');
  const firm = freshStore();
  const file = path.join(root, 'report.html');
  let browser: Browser;
  let server: ServedCli;
  let cli: Reports;

  beforeAll(async () => {
    if (missing !== null) throw new Error(`the browser tests need Chromium: ${missing}`);
    expect((await runCli(['apply', SAMPLE, '--store', firm.url, '--format', 'json'])).code).toBe(0);
    const written = await runCli(['report', 'html', '--period', PERIOD, '--as-of', AS_OF, '--out', file, '--store', firm.url]);
    expect(written.stderr).toBe('');
    const runs = await Promise.all(Object.values(CLI_REPORTS).map((args) => runCli([...args, '--store', firm.url, '--format', 'json'])));
    cli = Object.fromEntries(Object.keys(CLI_REPORTS).map((key, i) => [key, JSON.parse(runs[i]!.stdout)]));
    server = await serveCli(['--store', firm.url]);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (server !== undefined) expect((await server.stop()).code).toBe(0);
  });

  /** Opens `url` with every request checked: only file: URLs and the local server may be reached. */
  const visit = async (url: string): Promise<Visit> => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    const outside: string[] = [];
    const local = new URL(server.url).origin;
    await context.route('**/*', (route) => {
      const target = route.request().url();
      if (target.startsWith('file://') || new URL(target).origin === local) return route.continue();
      outside.push(target);
      return route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
    await page.goto(url, { waitUntil: 'load' });
    return { page, context, problems, outside };
  };

  const embedded = async (page: Page): Promise<Reports> =>
    JSON.parse((await page.locator('#rapport-data').textContent()) ?? 'null') as Reports;

  /** Every chart is an svg with a rendered, non-zero box. */
  const expectChartsDrawn = async (page: Page): Promise<void> => {
    const boxes = await page.$$eval('svg[data-chart]', (svgs) =>
      svgs.map((svg) => ({ chart: svg.getAttribute('data-chart'), width: svg.getBoundingClientRect().width, height: svg.getBoundingClientRect().height })),
    );
    expect(boxes.map((b) => b.chart)).toEqual(['attrition-monthly', 'cohorts', 'salespeople', 'pareto', 'complaints']);
    for (const box of boxes) {
      expect(box.width, `${box.chart} width`).toBeGreaterThan(0);
      expect(box.height, `${box.chart} height`).toBeGreaterThan(0);
    }
  };

  /** The headline figures shown are the embedded JSON's numbers. */
  const expectFiguresMatch = async (page: Page, data: Reports): Promise<void> => {
    const d = data as {
      attrition: { firm: Record<string, number | null> };
      segments: { totalRevenue12m: number };
      complaints: { firm: Record<string, number | null> };
      lifecycle: { counts: Record<string, number> };
    };
    const expected: Record<string, number | null> = {
      activeAtEnd: d.attrition.firm['activeAtEnd'] ?? null,
      attritionRate: d.attrition.firm['attritionRate'] ?? null,
      controllableAttritionRate: d.attrition.firm['controllableAttritionRate'] ?? null,
      acquired: d.attrition.firm['acquired'] ?? null,
      winBacks: d.attrition.firm['reactivated'] ?? null,
      revenue12m: d.segments.totalRevenue12m,
      complaintsFiled: d.complaints.firm['filed'] ?? null,
      complaintsOpen: d.complaints.firm['openAtEnd'] ?? null,
      ...d.lifecycle.counts,
    };
    const shown = await page.$$eval('[data-figure]', (elements) =>
      elements.map((e) => ({ key: e.getAttribute('data-figure') ?? '', value: e.getAttribute('data-value') ?? '', text: (e.textContent ?? '').trim() })),
    );
    expect(Object.fromEntries(shown.map((f) => [f.key, f.value]))).toEqual(Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, v === null ? 'null' : String(v)])));
    for (const f of shown) {
      expect(f.text, f.key).not.toBe('');
      // Counts read as the number itself (thousands separated).
      if (['activeAtEnd', 'acquired', 'winBacks', 'complaintsFiled', 'complaintsOpen', 'prospect', 'contacted', 'engaged', 'churned'].includes(f.key)) {
        expect(f.text.replace(/\D/g, ''), f.key).toBe(f.value);
      }
    }
  };

  it('the written file, opened from disk: no console error, nothing fetched, charts drawn, figures and JSON as the CLI prints them', async () => {
    const { page, context, problems, outside } = await visit(`file://${file}`);
    try {
      await expectChartsDrawn(page);
      const data = await embedded(page);
      for (const [key, json] of Object.entries(cli)) expect(data[key], key).toEqual(json);
      await expectFiguresMatch(page, data);
      await page.screenshot({ path: path.join(ARTIFACTS, 'report.png'), fullPage: true });
      expect(problems).toEqual([]);
      expect(outside).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the dashboard: the same checks, its API equal to the CLI, and the picker re-renders the page for another period', async () => {
    const { page, context, problems, outside } = await visit(server.url);
    try {
      await expectChartsDrawn(page);
      await expectFiguresMatch(page, await embedded(page));
      await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard.png'), fullPage: true });

      for (const [key, query] of Object.entries(API_QUERIES)) {
        const response = await context.request.get(`${server.url}api/reports/${query}`);
        expect(response.status(), query).toBe(200);
        expect(await response.json(), query).toEqual(cli[key]);
      }

      await page.fill('input[name="period"]', PERIOD);
      await page.fill('input[name="asOf"]', AS_OF);
      await Promise.all([page.waitForURL(/period=2024-Q4/), page.click('.picker button[type="submit"]')]);
      await expectChartsDrawn(page);
      const chosen = await embedded(page);
      // The page for P and T embeds what the CLI prints for them.
      for (const [key, json] of Object.entries(cli)) expect(chosen[key], key).toEqual(json);
      await expectFiguresMatch(page, chosen);
      expect(problems).toEqual([]);
      expect(outside).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('keeps long names, long ids and large amounts inside the page: no table or headline wider than its box', async () => {
    const wide = freshStore();
    const owner = `sp-${'o'.repeat(61)}`;
    const name = `Unbroken${'x'.repeat(192)}`;
    const at = (day: string) => `${day}T09:00:00Z`;
    const commands = [
      { type: 'RegisterSalesperson', salespersonId: owner, name: 'Owner', occurredAt: at('2024-01-01') },
      { type: 'RegisterClient', clientId: 'c-wide', name, ownerId: owner, occurredAt: at('2024-01-02') },
      { type: 'RecordEngagement', clientId: 'c-wide', engagementId: 'e-1', fee: 12_345_678_900, occurredAt: at('2024-01-03') },
      { type: 'RecordChurn', clientId: 'c-wide', reason: 'competitor', occurredAt: at('2024-06-01') },
    ];
    const file = path.join(root, 'wide.jsonl');
    fs.writeFileSync(file, commands.map((c) => JSON.stringify(c)).join('\n'));
    expect((await runCli(['apply', file, '--store', wide.url])).code).toBe(0);
    const out = path.join(root, 'wide.html');
    expect((await runCli(['report', 'html', '--period', '2024-Q2', '--as-of', '2024-06-30', '--out', out, '--store', wide.url])).code).toBe(0);
    const { page, context, problems } = await visit(`file://${out}`);
    try {
      const limit = await page.$eval('.page', (element) => element.getBoundingClientRect().right + 1);
      // A table in a scroll box (the figures behind a chart) scrolls within the page by design.
      const tables = await page.$$eval('table', (all) =>
        all.filter((table) => table.closest('.table-scroll') === null).map((table) => ({ table: `${table.className} ${table.querySelector('caption')?.textContent ?? ''}`, right: table.getBoundingClientRect().right })),
      );
      const figures = await page.$$eval('.figure .value', (all) => all.map((value) => ({ figure: value.textContent, overflow: value.scrollWidth - value.clientWidth })));
      // Chart labels stay inside their chart (a long id used to run off its left edge or over the next panel).
      const labels = await page.$$eval('svg[data-chart] text', (all) =>
        all.flatMap((text) => {
          const svg = text.closest('svg')!.getBoundingClientRect();
          const box = text.getBoundingClientRect();
          return box.left < svg.left - 1 || box.right > svg.right + 1 ? [text.textContent] : [];
        }),
      );
      const overflows = [
        ...tables.filter((t) => t.right > limit).map((t) => `table ${t.table} ends at ${t.right}, the page at ${limit}`),
        ...figures.filter((f) => f.overflow > 1).map((f) => `figure ${f.figure} overflows by ${f.overflow}px`),
        ...labels.map((label) => `chart label ${label} leaves its chart`),
      ];
      await page.screenshot({ path: path.join(ARTIFACTS, 'report-wide.png'), fullPage: true });
      expect(overflows).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
