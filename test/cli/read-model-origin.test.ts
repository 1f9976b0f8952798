// Read models pointed at from another store (issue 8.3): `--read-models sqlite:R.db` that holds the
// models of firm A, used with firm B's store, once printed firm A's clients with exit 0. Now the
// models say which store and which event they were built up to, and are rebuilt (said on stderr).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.js';
import { tempStores } from './support/temp-stores.js';

const { root, freshStore } = tempStores('rapport-origin-');

const line = (command: Record<string, unknown>): string => JSON.stringify({ occurredAt: '2024-01-01T00:00:00Z', ...command });
const firm = (salesperson: string, clients: readonly string[]): string =>
  [
    line({ type: 'RegisterSalesperson', salespersonId: salesperson, name: salesperson }),
    ...clients.map((clientId) => line({ type: 'RegisterClient', clientId, name: clientId, ownerId: salesperson })),
  ].join('\n');

const applied = async (store: string, commands: string): Promise<void> => {
  const file = path.join(root, `${path.basename(path.dirname(store))}.jsonl`);
  fs.writeFileSync(file, commands);
  const run = await runCli(['apply', file, '--store', store]);
  expect(run.code, run.stderr).toBe(0);
};

const clientsOf = async (store: string, readModels: string) => {
  const run = await runCli(['report', 'lifecycle', '--as-of', '2024-06-01', '--format', 'json', '--store', store, '--read-models', readModels]);
  expect(run.code, run.stderr).toBe(0);
  return { ids: (JSON.parse(run.stdout) as { clients: { clientId: string }[] }).clients.map((c) => c.clientId), stderr: run.stderr };
};

describe('read models built from another store', () => {
  it('are rebuilt from this store, said on stderr, and never answer for it', async () => {
    const a = freshStore();
    const b = freshStore();
    const readModels = `sqlite:${path.join(root, 'models.db')}`;
    await applied(a.url, firm('SA', ['A1', 'A2']));
    await applied(b.url, firm('SB', ['B1']));

    const first = await clientsOf(a.url, readModels);
    expect(first).toEqual({ ids: ['A1', 'A2'], stderr: '' });

    const other = await clientsOf(b.url, readModels);
    expect(other.ids).toEqual(['B1']);
    expect(other.stderr).toMatch(/read models clients rebuilt from this log: they were built from another event store/);

    // Now they are B's: asked again, they answer without a rebuild.
    expect(await clientsOf(b.url, readModels)).toEqual({ ids: ['B1'], stderr: '' });
  });
});
