// rapport demo (SPEC §5): the same seed gives the same bytes in two stores, a store that holds events
// is refused unless --reset, and every number it prints as JSON equals the naive reference
// implementation of SPEC over the demo's own exported log.
import { beforeAll, describe, expect, it } from 'vitest';
import { sequencePosition, type DomainEvent, type ProjectedEvent } from '@rapport/core';
import { refAttrition, refComplaints, refLifecycle, refWinback } from '../../packages/core/test/reports/support/reference.js';
import { refKpis } from '../../packages/core/test/reports/support/reference-months.js';
import { runCli } from './support/run-cli.js';
import { tempStores } from './support/temp-stores.js';

const { root, freshStore } = tempStores('rapport-demo-');
const SMALL = ['--clients', '40', '--years', '2', '--seed', '7'];

const ok = async (args: readonly string[]) => {
  const run = await runCli(args, { cwd: root });
  if (run.code !== 0) throw new Error(`rapport ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
  return run.stdout;
};

/** The log as projections see it, from `rapport export`. */
const exported = async (url: string): Promise<ProjectedEvent[]> =>
  (await ok(['export', '--store', url]))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => !('trailer' in line))
    .map((e) => {
      const metadata = e['metadata'] as { occurredAt: string; recordedAt: string };
      return {
        position: sequencePosition(e['position'] as number),
        stream: e['stream'] as string,
        streamVersion: e['streamVersion'] as number,
        occurredAt: Date.parse(metadata.occurredAt),
        recordedAt: Date.parse(metadata.recordedAt),
        event: { type: e['type'], data: e['data'] } as DomainEvent,
      };
    });

const withoutKnownAt = <T extends object>(report: T): Omit<T, 'knownAt'> => {
  const { knownAt: _knownAt, ...rest } = report as T & { knownAt?: unknown };
  return rest;
};

describe('rapport demo', () => {
  const first = freshStore();
  let table = '';

  beforeAll(async () => {
    table = await ok(['demo', ...SMALL, '--store', first.url]);
  }, 120_000);

  it('prints what management looks at first, and commands to try next', () => {
    for (const heading of ['Lifecycle on ', 'Attrition in ', 'Salespeople in ', 'Late entries: ', 'Win-back list on ', 'Complaints in ', 'Try next:']) {
      expect(table).toContain(heading);
    }
    expect(table).toMatch(/time zone Asia\/Shanghai/);
    expect(table).toMatch(/Management report written to .*rapport-demo\.html/);
  });

  it('suggests commands that, pasted as shown, run on the store the demo built (not the default one)', async () => {
    const hints = table.slice(table.indexOf('Try next:')).split('\n').slice(1).filter((line) => line.startsWith('  rapport '));
    expect(hints.length).toBeGreaterThan(3);
    for (const hint of hints) {
      expect(hint).toMatch(/ --store sqlite:store-1\/rapport\.db$/);
      const run = await runCli(hint.trim().split(' ').slice(1), { cwd: root });
      expect({ hint, code: run.code, stderr: run.stderr }).toEqual({ hint, code: 0, stderr: '' });
    }
  }, 120_000);

  it('says a memory: firm is gone when the demo ends instead of suggesting commands, in plain English for one', async () => {
    const gone = await ok(['demo', '--clients', '1', '--years', '1', '--store', 'memory:']);
    expect(gone).not.toContain('Try next:');
    expect(gone).toContain('The firm was built in memory: and is gone now that the demo has ended');
    expect(gone).toMatch(/^Rapport demo: a professional-services firm of 1 client over 1 year \(seed 1\)/);
    expect(gone).not.toMatch(/ 1 facts were/);
  }, 120_000);

  it('prints the same bytes for the same seed in another store', async () => {
    const second = freshStore();
    const again = await ok(['demo', ...SMALL, '--store', second.url]);
    const sameReport = (text: string) => text.replace(/Management report written to .*\n/, '').replace(/ --store sqlite:store-\d+\/rapport\.db$/gm, '');
    expect(sameReport(again)).toBe(sameReport(table));
    expect(await ok(['demo', '--clients', '40', '--years', '2', '--seed', '8', '--store', freshStore().url])).not.toBe(table);
  }, 120_000);

  it('refuses a store that already holds events unless --reset, which starts it over', async () => {
    const refused = await runCli(['demo', ...SMALL, '--store', first.url], { cwd: root });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/already holds events; run rapport demo --reset/);
    const before = await ok(['verify', '--store', first.url, '--format', 'json']);
    expect(await ok(['demo', ...SMALL, '--reset', '--store', first.url])).toBe(table);
    expect(await ok(['verify', '--store', first.url, '--format', 'json'])).toBe(before);
  }, 120_000);

  it('with read models of their own file: --reset rebuilds those its earlier store left, and another store\'s demo is refused them', async () => {
    const store = freshStore();
    const models = `sqlite:${store.file.replace(/rapport\.db$/, 'models.db')}`;
    const built = await ok(['demo', ...SMALL, '--store', store.url, '--read-models', models]);
    expect(await ok(['demo', ...SMALL, '--reset', '--store', store.url, '--read-models', models])).toBe(built);
    const otherStore = freshStore();
    const other = await runCli(['demo', ...SMALL, '--store', otherStore.url, '--read-models', models], { cwd: root });
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/were built from another event store/);
    // Refused before a command was applied.
    expect(JSON.parse(await ok(['verify', '--store', otherStore.url, '--format', 'json']))).toMatchObject({ events: 0 });
  }, 120_000);

  it('refuses --reset on a file that is not a Rapport store, and leaves it alone', async () => {
    const { file } = freshStore();
    const fs = await import('node:fs');
    const path = await import('node:path');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'my thesis, not a database');
    const refused = await runCli(['demo', '--reset', '--store', `sqlite:${file}`], { cwd: root });
    expect(refused.code).toBe(2);
    expect(fs.readFileSync(file, 'utf8')).toBe('my thesis, not a database');
  });

  it('prints numbers that equal the naive reference over its exported log (firm zone Asia/Shanghai)', async () => {
    const store = freshStore();
    const json = JSON.parse(await ok(['demo', ...SMALL, '--store', store.url, '--format', 'json'])) as Record<string, { period: { label: string; start: string; end: string }; asOf: string }>;
    const events = await exported(store.url);
    const { lifecycle, attrition, winback, complaints } = json;
    if (!lifecycle || !attrition || !winback || !complaints) throw new Error('demo JSON lacks a report');
    const period = { label: attrition.period.label, start: Date.parse(attrition.period.start), end: Date.parse(attrition.period.end) };
    // 2025-Q3 … in Shanghai starts at 16:00Z the day before.
    expect(attrition.period.start.endsWith('T16:00:00.000Z')).toBe(true);
    expect(withoutKnownAt(lifecycle)).toEqual(refLifecycle(events, Date.parse(lifecycle.asOf)));
    expect(withoutKnownAt(attrition)).toEqual(refAttrition(events, period));
    expect(withoutKnownAt(winback)).toEqual(refWinback(events, Date.parse(winback.asOf)));
    expect(withoutKnownAt(complaints)).toEqual(refComplaints(events, period));
    expect(json['firm']).toMatchObject({ clients: 40, years: 2, seed: 7, timeZone: 'Asia/Shanghai' });
  }, 120_000);

  it('prints KPIs equal to the reference when read in UTC (the reference counts plan months in UTC)', async () => {
    const store = freshStore();
    const json = JSON.parse(await ok(['demo', ...SMALL, '--store', store.url, '--format', 'json', '--tz', 'UTC'])) as Record<string, { period: { label: string; start: string; end: string } }>;
    const kpis = json['kpis'];
    if (kpis === undefined) throw new Error('demo JSON lacks kpis');
    const period = { label: kpis.period.label, start: Date.parse(kpis.period.start), end: Date.parse(kpis.period.end) };
    expect(withoutKnownAt(kpis)).toEqual(refKpis(await exported(store.url), period));
  }, 120_000);

  it('enters some facts late: --known-at before one was recorded leaves it out, the plain report has it', async () => {
    const events = await exported(first.url);
    const late = events.find((e) => e.stream.startsWith('client-') && e.recordedAt - e.occurredAt > 7 * 86_400_000);
    if (late === undefined) throw new Error('the demo firm should hold facts entered more than a week late');
    const client = late.stream.slice('client-'.length);
    const before = new Date(late.recordedAt - 1).toISOString();
    const history = async (...extra: string[]) =>
      JSON.parse(await ok(['history', client, '--store', first.url, '--format', 'json', ...extra])) as { knownAt: string | null; events: { streamVersion: number }[] };
    const now = await history();
    const then = await history('--known-at', before);
    expect(then.knownAt).toBe(before);
    expect(now.events.map((e) => e.streamVersion)).toContain(late.streamVersion);
    expect(then.events.map((e) => e.streamVersion)).not.toContain(late.streamVersion);
  });
});
