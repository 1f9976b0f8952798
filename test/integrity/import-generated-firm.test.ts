// The event rules of import's first pass (packages/core/test/integrity/import-check.test.ts) must
// never refuse what the command path wrote: given the demo generator's firm, written command by
// command on its own clock (late entries, equal instants, churn and win-back, reassignments), when
// it is exported, then the file checks out and imports whole into an empty store.
import { describe, expect, it } from 'vitest';
import {
  checkExport,
  createCommandExecutor,
  createMemoryEventStore,
  exportLines,
  importExport,
  verifyLog,
  type EventStore,
  type NumberedLine,
} from '@rapport/core';
import { generateDemoFirm } from '../../packages/cli/src/demo/generate.js';

const generatedStore = async (): Promise<{ store: EventStore; commands: number }> => {
  const { entries } = generateDemoFirm({ clients: 150, years: 3, seed: 5 });
  let now = new Date(entries[0]!.recordedAt);
  const clock = (): Date => now;
  const store = createMemoryEventStore({ clock });
  const executor = createCommandExecutor({ store, clock, occurredAt: 'required' });
  for (const entry of entries) {
    now = new Date(entry.recordedAt);
    expect((await executor.execute(entry.command)).status).toBe('applied');
  }
  return { store, commands: entries.length };
};

const exportText = async (store: EventStore): Promise<string[]> => {
  let text = '';
  for await (const piece of exportLines(store.readAll({ batchSize: 500 }))) text += piece;
  return text.slice(0, -1).split('\n');
};

const opener = (lines: readonly string[]) =>
  async function* (): AsyncGenerator<NumberedLine> {
    for (let i = 0; i < lines.length; i++) yield { line: i + 1, text: lines[i]! };
  };

describe('a genuine export of a generated firm', () => {
  it('passes every check of the first pass and imports whole', async () => {
    const { store, commands } = await generatedStore();
    const lines = await exportText(store);
    const types = new Set(lines.slice(0, -1).map((line) => (JSON.parse(line) as { type: string }).type));
    // Every event type of SPEC §2–3 is in the firm.
    expect(types.size).toBe(12);
    const checked = await checkExport(opener(lines)());
    expect(checked).toMatchObject({ events: commands });
    const target = createMemoryEventStore({ clock: () => new Date('2030-01-01T00:00:00Z') });
    expect(await importExport(target, opener(lines))).toMatchObject({ imported: commands });
    expect(await verifyLog(target.readAll())).toMatchObject({ verified: true, events: commands });
    expect(await exportText(target)).toEqual(lines);
  });
});
