// A client's history and the reports along the time axes, end to end: state as of a date, answers from
// what was recorded by --known-at, and the firm's time zone moving period and day boundaries.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AttritionReport, ClientHistoryReport, Known, LifecycleReport } from '@rapport/core';
import { runCli } from './support/run-cli.js';
import { parseCsv, parseTable, SAMPLE, sampleFirm, succeeded } from './support/sample-firm.js';

const { root, freshStore, onFirm, jsonOf } = sampleFirm('rapport-reports-time-');

const METADATA_KEYS = ['occurredAt', 'recordedAt', 'actor', 'commandId', 'correlationId', 'causationId', 'schemaVersion', 'hash'];

describe('rapport history', () => {
  it('prints every event with its metadata and the state as of T, and exits 1 for an unknown client', async () => {
    const [report, before, table, csv, unknown] = await Promise.all([
      jsonOf<ClientHistoryReport>(['history', 'c-002', '--as-of', '2025-06-30']),
      jsonOf<ClientHistoryReport>(['history', 'c-010', '--as-of', '2024-12-31']),
      onFirm(['history', 'c-009', '--as-of', '2024-12-31']),
      onFirm(['history', 'c-002', '--format', 'csv']),
      onFirm(['history', 'c-999']),
    ]);
    expect(Object.keys(report)).toEqual(['clientId', 'asOf', 'knownAt', 'state', 'events']);
    expect(report.state).toEqual({
      name: 'Ningbo Harbour Logistics Ltd.', stage: 'engaged', stageSince: '2025-03-10T06:00:00.000Z', ownerId: 'sp-wang',
      lifetime: 2, lifetimeValue: 4_800_000, openComplaints: 0,
    });
    expect(report.events.map((e) => e.type)).toEqual([
      'ClientRegistered', 'ClientContacted', 'ClientEngaged', 'ClientComplained', 'ComplaintResolved', 'ClientChurned',
      'ClientContacted', 'ClientReactivated',
    ]);
    report.events.forEach((event, i) => {
      expect(Object.keys(event)).toEqual(['streamVersion', 'position', 'type', 'data', 'metadata']);
      expect(Object.keys(event.metadata)).toEqual(METADATA_KEYS);
      expect(event.streamVersion).toBe(i);
      expect(event.metadata.hash).toMatch(/^[0-9a-f]{64}$/);
    });
    // The sample's lines are its global positions: c-002's events are lines 17, 23, 30, 42, 44, 52, 73, 78.
    expect(report.events.map((e) => e.position)).toEqual([17, 23, 30, 42, 44, 52, 73, 78]);
    expect(report.events[7]).toMatchObject({
      data: { clientId: 'c-002', engagementId: 'eng-2025-001', fee: 2_200_000, campaign: 'spring 2025 win-back', lifetime: 2 },
      metadata: { occurredAt: '2025-03-10T06:00:00.000Z', actor: 'wang.fang', commandId: 'sample-0078', schemaVersion: 1 },
    });
    // c-010 registered in 2025: no state at the end of 2024, but every event is listed.
    expect(before.state).toBeNull();
    expect(before.events).toHaveLength(3);

    // c-009 at the end of 2024: churned on 11-04, its 08-12 complaint never resolved.
    const { header, columns, rows } = parseTable(succeeded(table));
    expect(header.get('stage')).toBe('churned');
    expect(header.get('openComplaints')).toBe('1');
    expect(header.get('events')).toBe('5');
    expect(columns).toEqual(['streamVersion', 'position', 'type', 'occurredAt', 'recordedAt', 'actor', 'commandId', 'data']);
    expect(rows.map((row) => row[2])).toEqual(['ClientRegistered', 'ClientContacted', 'ClientEngaged', 'ClientComplained', 'ClientChurned']);

    const records = parseCsv(succeeded(csv));
    expect(records[0]).toEqual(['streamVersion', 'position', 'type', 'data', ...METADATA_KEYS.map((key) => `metadata.${key}`)]);
    expect(records).toHaveLength(9);
    expect(records.slice(1).map((r) => JSON.parse(r[3] ?? '') as unknown)).toEqual(report.events.map((e) => e.data));
    expect(records[8]?.slice(4)).toEqual(Object.values(report.events[7]?.metadata ?? {}).map(String));

    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toBe('rapport: ClientNotFound: client c-999 is not registered\n');
  });
});

describe('the firm\'s time zone', () => {
  it('moves period and day boundaries (--tz or RAPPORT_TZ), and with them what falls on which side', async () => {
    const [shanghai, shanghaiEnv, utc, newYork] = await Promise.all([
      jsonOf<AttritionReport>(['report', 'attrition', '--period', '2024-03', '--tz', 'Asia/Shanghai']),
      jsonOf<LifecycleReport>(['report', 'lifecycle', '--as-of', '2024-07-31'], { env: { RAPPORT_TZ: 'Asia/Shanghai' } }),
      jsonOf<AttritionReport>(['report', 'attrition', '--period', '2024-08']),
      jsonOf<AttritionReport>(['report', 'attrition', '--period', '2024-08', '--tz', 'America/New_York']),
    ]);
    // Shanghai is UTC+8: its March 2024 starts at 2024-02-29T16:00Z, and its 31 July ends 8 hours early.
    expect(shanghai.period).toEqual({ label: '2024-03', start: '2024-02-29T16:00:00.000Z', end: '2024-03-31T16:00:00.000Z' });
    expect(shanghaiEnv.asOf).toBe('2024-07-31T15:59:59.999Z');
    // c-006 passed from chen to wang at 2024-08-01T01:00Z: in UTC after August began, in New York
    // (UTC−4 in summer) at 21:00 on 31 July, before it. Active at the start of August: chen c-005,
    // c-006; li c-003, c-004, c-008; wang c-001, c-002, c-009 — and c-006 too in New York.
    const startBySalesperson = (r: AttritionReport) => r.bySalesperson.map((s) => [s.salespersonId, s.activeAtStart]);
    expect(startBySalesperson(utc)).toEqual([['sp-chen', 2], ['sp-li', 3], ['sp-wang', 3]]);
    expect(startBySalesperson(newYork)).toEqual([['sp-chen', 1], ['sp-li', 3], ['sp-wang', 4]]);
    expect(newYork.period.start).toBe('2024-08-01T04:00:00.000Z');
  });
});

describe('--known-at', () => {
  it('answers from the events recorded by then', async () => {
    // Lines 1–21 register the salespeople, their plans and clients c-001…c-006; the rest comes later.
    const lines = fs.readFileSync(SAMPLE, 'utf8').split('\n').filter((line) => line.trim() !== '');
    const early = path.join(root, 'early.jsonl');
    const late = path.join(root, 'late.jsonl');
    fs.writeFileSync(early, `${lines.slice(0, 21).join('\n')}\n`);
    fs.writeFileSync(late, `${lines.slice(21).join('\n')}\n`);
    const { url } = freshStore();
    succeeded(await runCli(['apply', early, '--store', url, '--format', 'json']));
    const between = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    succeeded(await runCli(['apply', late, '--store', url, '--format', 'json']));

    const on = (args: string[]) => runCli([...args, '--store', url, '--format', 'json']);
    const [known, everything, history, notYet] = await Promise.all([
      on(['report', 'lifecycle', '--as-of', '2025-06-30', '--known-at', between]),
      on(['report', 'lifecycle', '--as-of', '2025-06-30']),
      on(['history', 'c-001', '--known-at', between]),
      on(['history', 'c-010', '--known-at', between]),
    ]);
    // By then six clients were registered and nothing else had been recorded about them.
    expect((JSON.parse(succeeded(known)) as LifecycleReport).counts).toEqual({ prospect: 6, contacted: 0, engaged: 0, churned: 0 });
    expect((JSON.parse(succeeded(everything)) as LifecycleReport).clients).toHaveLength(12);
    expect((JSON.parse(succeeded(history)) as ClientHistoryReport).events.map((e) => e.type)).toEqual(['ClientRegistered']);
    expect(notYet.code).toBe(1);
    expect(notYet.stderr).toMatch(/^rapport: ClientNotFound: client c-010 was not yet recorded/);
  });
});

describe('--known-at past the year 9999', () => {
  it('is an instant like any other: the report and history answer (the JSON writes it +010000-…)', async () => {
    const t = '9999-12-31T23:59:59.999-05:00';
    const report = await jsonOf<Known<LifecycleReport>>(['report', 'lifecycle', '--as-of', '2025-06-30', '--known-at', t]);
    expect(report.knownAt).toBe('+010000-01-01T04:59:59.999Z');
    expect(report.clients).toHaveLength(12);
    expect((await jsonOf<Known<ClientHistoryReport>>(['history', 'c-001', '--known-at', t])).knownAt).toBe('+010000-01-01T04:59:59.999Z');
  });
});
