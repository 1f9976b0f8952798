// Read models pointed at from another store (issue 8.3): `--read-models sqlite:R.db` that holds the
// models of firm A, used with firm B's store, once printed firm A's clients with exit 0. Then they
// were rebuilt in place by the reader, which took shared read models (and their projector) away
// from firm A on one misconfigured command. Now the models say which store they were built from;
// a reader given another store refuses them (exit 2) and leaves them as they are, and only an
// explicit `rapport rebuild` makes them the other store's.
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
  it('are refused by a reader given another store (exit 2), left as they are, and rebuilt only on request', async () => {
    const a = freshStore();
    const b = freshStore();
    const readModels = `sqlite:${path.join(root, 'models.db')}`;
    await applied(a.url, firm('SA', ['A1', 'A2']));
    await applied(b.url, firm('SB', ['B1']));

    const first = await clientsOf(a.url, readModels);
    expect(first).toEqual({ ids: ['A1', 'A2'], stderr: '' });

    for (const args of [['report', 'lifecycle', '--as-of', '2024-06-01'], ['status'], ['project']]) {
      const refused = await runCli([...args, '--store', b.url, '--read-models', readModels]);
      expect(refused.code, args.join(' ')).toBe(2);
      expect(refused.stdout).toBe('');
      expect(refused.stderr).toMatch(/read models \w+ were built from another event store \(sqlite:.*; this one is sqlite:.*\): they are neither read nor written over; give the event store they were built from, or rebuild them from this one \(rapport rebuild\)/);
    }
    // Firm A's models were not touched.
    expect(await clientsOf(a.url, readModels)).toEqual({ ids: ['A1', 'A2'], stderr: '' });

    const rebuilt = await runCli(['rebuild', '--store', b.url, '--read-models', readModels]);
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    expect(await clientsOf(b.url, readModels)).toEqual({ ids: ['B1'], stderr: '' });
  });

  it('a copy of the store that went its own way is refused as well, the original models left as they are', async () => {
    // A copy keeps the store's identity (a database restored, or created from a template), so
    // only the last folded event tells the copy's log from the original's.
    const original = freshStore();
    await applied(original.url, firm('SA', ['A1', 'A2']));
    const readModels = `sqlite:${path.join(root, 'shared-models.db')}`;
    expect(await clientsOf(original.url, readModels)).toEqual({ ids: ['A1', 'A2'], stderr: '' });
    const copy = freshStore();
    fs.mkdirSync(path.dirname(copy.file), { recursive: true });
    fs.copyFileSync(original.file, copy.file);
    const moreA = [line({ type: 'RegisterClient', clientId: 'A3', name: 'A3', ownerId: 'SA' })].join('\n');
    const moreCopy = [line({ type: 'RegisterClient', clientId: 'C9', name: 'C9', ownerId: 'SA' })].join('\n');
    await applied(original.url, moreA);
    expect(await clientsOf(original.url, readModels)).toEqual({ ids: ['A1', 'A2', 'A3'], stderr: '' });
    await applied(copy.url, moreCopy);

    for (const args of [['report', 'lifecycle', '--as-of', '2024-06-01'], ['status']]) {
      const refused = await runCli([...args, '--store', copy.url, '--read-models', readModels]);
      expect(refused.code, `${args.join(' ')}: ${refused.stderr}`).toBe(2);
      expect(refused.stderr).toMatch(/read models \w+ do not match this log: .* is not in this log as they saw it: the log was replaced or cut, or this store is a copy of theirs that went its own way/);
    }
    // The original's readers still get the original's clients, not the copy's.
    const reader = await runCli(['report', 'lifecycle', '--as-of', '2024-06-01', '--format', 'json', '--catch-up', 'never', '--store', original.url, '--read-models', readModels]);
    expect((JSON.parse(reader.stdout) as { clients: { clientId: string }[] }).clients.map((c) => c.clientId)).toEqual(['A1', 'A2', 'A3']);
  });
});
