// The read models behind the reports, end to end: `rapport rebuild`, reports from other read-model
// stores, and an event that no longer decodes parked, listed, retried and skipped.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteDatabase } from '@rapport/sqlite';
import { runCli } from './support/run-cli.js';
import { SAMPLE_EVENTS, sampleFirm, succeeded, usageError } from './support/sample-firm.js';

const { root, freshStore, onFirm } = sampleFirm('rapport-reports-read-models-');

describe('rapport rebuild', () => {
  it('rebuilds the projections with the reports unchanged, and refuses an unknown name', async () => {
    const reports = () =>
      Promise.all([
        onFirm(['report', 'lifecycle', '--as-of', '2025-06-30', '--format', 'json']),
        onFirm(['report', 'kpis', '--period', '2024', '--format', 'json']),
        onFirm(['report', 'cohorts', '--format', 'csv']),
      ]).then((runs) => runs.map(succeeded));
    const before = await reports();

    const all = JSON.parse(succeeded(await onFirm(['rebuild', '--format', 'json']))) as { rebuilt: unknown[]; seconds: number };
    expect(all.rebuilt).toEqual([{ projection: 'clients', events: SAMPLE_EVENTS }, { projection: 'salespeople', events: SAMPLE_EVENTS }, { projection: 'firm', events: SAMPLE_EVENTS }, { projection: 'history', events: SAMPLE_EVENTS }]);
    expect(all.seconds).toBeGreaterThan(0);
    // Not a terminal: no progress bar, only the final line.
    expect(succeeded(await onFirm(['rebuild', 'salespeople']))).toMatch(/^rebuilt salespeople: 83 events folded in \d+\.\d\d s\n$/);

    expect(await reports()).toEqual(before);

    const unknown = await onFirm(['rebuild', 'clients', 'nope']);
    usageError(unknown, /unknown projection "nope"; known: clients, salespeople/);
  });
});

describe('read-model stores', () => {
  it('gives the same reports from memory:, from a separate SQLite file, and from the store\'s own file', async () => {
    const other = path.join(root, 'read-models', 'other.db');
    const args = ['report', 'lifecycle', '--as-of', '2025-06-30', '--format', 'json'];
    const [own, memory, separate] = await Promise.all([
      onFirm(args),
      onFirm([...args, '--read-models', 'memory:']),
      onFirm([...args, '--read-models', `sqlite:${other}`]),
    ]);
    expect(succeeded(memory)).toBe(succeeded(own));
    expect(succeeded(separate)).toBe(succeeded(own));
    expect(fs.existsSync(other)).toBe(true);
    // The second run reads what the first one stored there.
    expect(succeeded(await onFirm(args, { env: { RAPPORT_READ_MODELS: `sqlite:${other}` } }))).toBe(own.stdout);
  });

  it('exits 3 for a read-model store that cannot be reached', async () => {
    const result = await onFirm(['report', 'lifecycle', '--read-models', 'redis://127.0.0.1:1']);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^rapport: store unavailable: Redis read-model store redis:\/\/127\.0\.0\.1:1: cannot reach the server/);
  });
});

describe('parked events', () => {
  it('an event that no longer decodes is parked: reports answer without it and say so; listed, retried, skipped; history still names it', async () => {
    const { url, file } = freshStore();
    const commands = [
      { type: 'RegisterSalesperson', commandId: 'i-1', occurredAt: '2024-01-02T09:00:00Z', salespersonId: 'sp-1', name: 'Wang Fang' },
      { type: 'RegisterClient', commandId: 'i-2', occurredAt: '2024-01-03T09:00:00Z', clientId: 'c-1', name: 'Acme', ownerId: 'sp-1' },
      { type: 'RecordEngagement', commandId: 'i-3', occurredAt: '2024-01-04T09:00:00Z', clientId: 'c-1', engagementId: 'e-1', fee: 100 },
    ];
    succeeded(await runCli(['apply', '-', '--store', url], { stdin: commands.map((c) => JSON.stringify(c)).join('\n') }));
    // Tamper with the stored engagement behind the store's back: its fee is gone.
    const db = openSqliteDatabase(file);
    db.prepare("UPDATE events SET data = json_remove(data, '$.fee') WHERE stream = 'client-c-1' AND stream_version = 1").run();
    db.close();

    const report = await runCli(['report', 'lifecycle', '--as-of', '2024-02-01', '--format', 'json', '--store', url]);
    expect(report.code, report.stderr).toBe(0);
    expect((JSON.parse(report.stdout) as { clients: unknown[] }).clients).toEqual([expect.objectContaining({ clientId: 'c-1', stage: 'prospect', lifetimeValue: 0 })]);
    expect(report.stderr).toBe('rapport: 1 event is parked, left out of the read models this answer comes from: rapport parked lists them\n');

    const listed = await runCli(['parked', '--format', 'json', '--store', url]);
    expect(listed.code, listed.stderr).toBe(0);
    const parked = { position: 3, logPosition: '3/3', stream: 'client-c-1', streamVersion: 1, type: 'ClientEngaged', error: expect.stringMatching(/^event at position 3 \(stream client-c-1, streamVersion 1, type ClientEngaged\) does not decode: .*fee/) };
    expect(JSON.parse(listed.stdout)).toEqual({ parked: ['clients', 'firm', 'history', 'salespeople'].map((projection) => ({ projection, ...parked })) });

    const status = await runCli(['status', '--format', 'json', '--store', url]);
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toEqual({
      projections: ['clients', 'salespeople', 'firm', 'history'].map((name) => ({
        name, generation: expect.any(Number), version: expect.any(Number), checkpoint: 3, lag: 0, leaseHolder: null, heartbeatAt: null, parked: 1, rebuild: null,
      })),
    });

    // The code still cannot read it: a retry parks it again.
    const retried = await runCli(['parked', 'retry', '3', '--store', url]);
    expect(retried.code).toBe(1);
    expect(retried.stderr).toMatch(/still parked in clients, firm, history, salespeople/);
    expect((await runCli(['parked', 'retry', '2', '--store', url])).code).toBe(2);
    // A rebuild folds past it as a projector does, and says so.
    const rebuilt = await runCli(['rebuild', '--store', url]);
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    expect(rebuilt.stderr).toBe('rapport: 1 event is parked, left out of the rebuilt read models: rapport parked lists them\n');

    // Named by its exact logPosition, as where one commit holds several events.
    expect((await runCli(['parked', 'skip', '3/4', '--store', url])).stderr).toMatch(/^rapport: position: no event is parked at position 3\/4/);
    expect((await runCli(['parked', 'skip', '3/', '--store', url])).code).toBe(2);
    const skipped = await runCli(['parked', 'skip', '3/3', '--store', url]);
    expect(skipped.code, skipped.stderr).toBe(0);
    expect(JSON.parse((await runCli(['parked', '--format', 'json', '--store', url])).stdout)).toEqual({ parked: [] });
    expect((await runCli(['report', 'lifecycle', '--store', url])).stderr).toBe('');

    // History reads the client's own stream, every event of it: the one it cannot read is an integrity failure.
    const history = await runCli(['history', 'c-1', '--store', url]);
    expect(history.code).toBe(1);
    expect(history.stderr).toMatch(/^rapport: integrity failure: .*client-c-1.*1.*does not decode/);
    // And from the read models alone, skipped as it is: the same failure, never a trail with a hole.
    const stored = await runCli(['history', 'c-1', '--catch-up', 'never', '--store', url]);
    expect(stored.code, stored.stdout).toBe(1);
    expect(stored.stderr).toMatch(/^rapport: integrity failure: .*client-c-1.*1.*does not decode.*skipped by rapport parked skip/);
  });
});
