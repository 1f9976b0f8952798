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
});
