// `--catch-up never` (issue 10.3): a report answers from the read models as they stand, never
// opening the event store, so it works when only the read-model store can be reached.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.js';
import { tempStores } from './support/temp-stores.js';

const { root, freshStore } = tempStores('rapport-never-');

describe('--catch-up never', () => {
  it('answers without the event store, saying how far the read models had got', async () => {
    const store = freshStore();
    const readModels = `sqlite:${path.join(root, 'models.db')}`;
    const commands = path.join(root, 'firm.jsonl');
    fs.writeFileSync(
      commands,
      [
        { type: 'RegisterSalesperson', salespersonId: 'S1', name: 'Ana', occurredAt: '2024-01-01T00:00:00Z' },
        { type: 'RegisterClient', clientId: 'C1', name: 'Acme', ownerId: 'S1', occurredAt: '2024-01-02T00:00:00Z' },
      ].map((c) => JSON.stringify(c)).join('\n'),
    );
    expect((await runCli(['apply', commands, '--store', store.url])).code).toBe(0);
    const built = await runCli(['report', 'lifecycle', '--as-of', '2024-06-01', '--format', 'json', '--store', store.url, '--read-models', readModels]);
    expect(built.code, built.stderr).toBe(0);

    // The event store is a PostgreSQL server that is not there: never contacted.
    const nowhere = 'postgres://rapport@127.0.0.1:1/rapport';
    const json = await runCli(['report', 'lifecycle', '--as-of', '2024-06-01', '--format', 'json', '--catch-up', 'never', '--store', nowhere, '--read-models', readModels]);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ ...JSON.parse(built.stdout), checkpoint: 2, lag: 0 });
    expect(json.stderr).toBe('rapport: answered from the read models as they stand, without reading the event store: position 2, caught up when written (--catch-up never: the event store was not read)\n');

    const table = await runCli(['report', 'lifecycle', '--as-of', '2024-06-01', '--catch-up', 'never', '--store', nowhere, '--read-models', readModels]);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^read models at +position 2, caught up when written/m);

    // Without it, the same command needs the event store: exit 3.
    expect((await runCli(['report', 'lifecycle', '--store', nowhere, '--read-models', readModels])).code).toBe(3);
    expect((await runCli(['report', 'lifecycle', '--catch-up', 'sometimes', '--store', store.url])).code).toBe(2);
  });

  it('history CLIENT answers from the history read model, every event with its metadata, without the event store', async () => {
    const store = freshStore();
    const readModels = `sqlite:${path.join(root, 'history-models.db')}`;
    const commands = path.join(root, 'history.jsonl');
    fs.writeFileSync(
      commands,
      [
        { type: 'RegisterSalesperson', salespersonId: 'S1', name: 'Ana', occurredAt: '2024-01-01T00:00:00Z' },
        { type: 'RegisterClient', commandId: 'h-1', clientId: 'C1', name: 'Acme', ownerId: 'S1', occurredAt: '2024-01-02T00:00:00Z' },
        { type: 'RegisterClient', clientId: 'C10', name: 'Other', ownerId: 'S1', occurredAt: '2024-01-02T00:00:00Z' },
        { type: 'RecordEngagement', clientId: 'C1', engagementId: 'E1', fee: 1200, occurredAt: '2024-01-05T00:00:00Z', actor: 'auditor' },
        { type: 'RecordContact', clientId: 'C1', channel: 'call', occurredAt: '2024-01-06T00:00:00Z' },
      ].map((c) => JSON.stringify(c)).join('\n'),
    );
    const applied = await runCli(['apply', commands, '--store', store.url]);
    expect(applied.code, applied.stderr).toBe(0);
    const built = await runCli(['history', 'C1', '--as-of', '2024-02-01', '--format', 'json', '--store', store.url, '--read-models', readModels]);
    expect(built.code, built.stderr).toBe(0);
    const fromLog = JSON.parse(built.stdout) as { events: unknown[] };
    expect(fromLog.events).toHaveLength(3);

    const nowhere = 'postgres://rapport@127.0.0.1:1/rapport';
    const never = await runCli(['history', 'C1', '--as-of', '2024-02-01', '--format', 'json', '--catch-up', 'never', '--store', nowhere, '--read-models', readModels]);
    expect(never.code, never.stderr).toBe(0);
    // The same events (data, metadata and hash included) and state; C10's never mixed in.
    const { checkpoint, lag, ...fromModels } = JSON.parse(never.stdout) as Record<string, unknown>;
    expect(fromModels).toEqual(fromLog);
    expect({ checkpoint, lag }).toEqual({ checkpoint: 5, lag: 0 });
    const csv = await runCli(['history', 'C1', '--format', 'csv', '--catch-up', 'never', '--store', nowhere, '--read-models', readModels]);
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout).toBe((await runCli(['history', 'C1', '--format', 'csv', '--store', store.url, '--read-models', readModels])).stdout);

    const unknown = await runCli(['history', 'C2', '--catch-up', 'never', '--store', nowhere, '--read-models', readModels]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/ClientNotFound: client C2 is not registered/);
    // Without --catch-up never, history reads the log: exit 3.
    expect((await runCli(['history', 'C1', '--store', nowhere, '--read-models', readModels])).code).toBe(3);
  });
});
