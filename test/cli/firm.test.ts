// rapport firm (SPEC §2 ConfigureFirm, §4 zone precedence, §5): the firm's zone and key-account
// threshold live in the log, so a report with no --tz reads periods as the firm's zone, and
// --tz / RAPPORT_TZ still override it for one run.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from './support/run-cli.js';
import { tempStores } from './support/temp-stores.js';

const { root, freshStore } = tempStores('rapport-firm-');
const SAMPLE = path.join(REPO_ROOT, 'examples/sample-firm.jsonl');

const ok = async (args: readonly string[], env: Record<string, string> = {}) => {
  const run = await runCli(args, { cwd: root, env });
  if (run.code !== 0) throw new Error(`rapport ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
  return run.stdout;
};

describe('rapport firm', () => {
  const store = freshStore();
  const json = (args: readonly string[], env?: Record<string, string>) => ok([...args, '--store', store.url, '--format', 'json'], env).then((t) => JSON.parse(t) as Record<string, unknown>);

  beforeAll(async () => {
    await ok(['apply', SAMPLE, '--store', store.url]);
  }, 60_000);

  it('shows null settings before any ConfigureFirm', async () => {
    expect(await json(['firm'])).toEqual({ timeZone: null, keyAccountThreshold: null });
  });

  it('a firm configured for Asia/Shanghai reports as --tz Asia/Shanghai does; --tz and RAPPORT_TZ still override', async () => {
    const utc = await json(['report', 'attrition', '--period', '2024-Q2']);
    const shanghai = await json(['report', 'attrition', '--period', '2024-Q2', '--tz', 'Asia/Shanghai']);
    expect(await json(['firm', '--tz', 'Asia/Shanghai'])).toEqual({ timeZone: 'Asia/Shanghai', keyAccountThreshold: null });
    const configured = await json(['report', 'attrition', '--period', '2024-Q2']);
    expect(configured).toEqual(shanghai);
    expect(configured['period']).toEqual({ label: '2024-Q2', start: '2024-03-31T16:00:00.000Z', end: '2024-06-30T16:00:00.000Z' });
    expect(await json(['report', 'attrition', '--period', '2024-Q2', '--tz', 'UTC'])).toEqual(utc);
    expect(await json(['report', 'attrition', '--period', '2024-Q2'], { RAPPORT_TZ: 'UTC' })).toEqual(utc);
    // The table names the zone in use.
    expect(await ok(['report', 'lifecycle', '--as-of', '2024-06-30', '--store', store.url])).toMatch(/time zone\s+Asia\/Shanghai/);
  });

  it('keeps the other setting when one is changed, and RAPPORT_TZ never configures the firm', async () => {
    expect(await json(['firm', '--key-account-threshold', '5000000'], { RAPPORT_TZ: 'Europe/Paris' })).toEqual({ timeZone: 'Asia/Shanghai', keyAccountThreshold: 5_000_000 });
    const segments = (await json(['report', 'segments', '--as-of', '2025-06-30'])) as { clients: { revenue12m: number; keyAccount: boolean }[] };
    for (const row of segments.clients) expect(row.keyAccount).toBe(row.revenue12m >= 5_000_000);
    const override = (await json(['report', 'segments', '--as-of', '2025-06-30', '--key-account-threshold', '100000000'])) as typeof segments;
    expect(override.clients.every((row) => !row.keyAccount)).toBe(true);
  });

  it('refuses an unknown zone or a bad threshold as usage errors, appending nothing', async () => {
    const before = await json(['verify']);
    for (const args of [['firm', '--tz', 'Mars/Olympus'], ['firm', '--tz', 'asia/shanghai'], ['firm', '--key-account-threshold', '-5'], ['firm', '--key-account-threshold', '1.5']]) {
      const run = await runCli([...args, '--store', store.url], { cwd: root });
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(/--tz|--key-account-threshold/);
    }
    expect(await json(['verify'])).toEqual(before);
  });

  it('only reads when given no options: a missing store is a usage error and is not created', async () => {
    const missing = freshStore();
    const run = await runCli(['firm', '--store', missing.url], { cwd: root });
    expect(run.code).toBe(2);
    const fs = await import('node:fs');
    expect(fs.existsSync(missing.file)).toBe(false);
  });
});
