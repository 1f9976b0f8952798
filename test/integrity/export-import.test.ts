// export and import: given a log written through the command path, when it is exported and imported
// into a fresh store, then every event comes back alike; and a file that was cut, edited, reordered
// or added to is refused with the target store left empty.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createCommandExecutor,
  type EventStore,
  type RecordedEvent,
  createMemoryEventStore,
  exportLines,
  importExport,
  verifyLog,
} from '@rapport/core';
import { openSqliteEventStore } from '@rapport/sqlite';
import type { NumberedLine } from '@rapport/core';

// Interleaved streams, so the export's global order differs from stream order.
const COMMANDS = [
  { type: 'RegisterSalesperson', commandId: 'c-1', occurredAt: '2024-01-02T09:00:00Z', salespersonId: 'sp-1', name: 'Wang Fang' },
  { type: 'RegisterClient', commandId: 'c-2', occurredAt: '2024-01-03T09:00:00Z', clientId: 'C-1', name: 'Acme', ownerId: 'sp-1', actor: 'alice' },
  { type: 'RegisterClient', commandId: 'c-3', occurredAt: '2024-01-03T10:00:00Z', clientId: 'C-2', name: 'Beta', ownerId: 'sp-1', correlationId: 'corr-9' },
  { type: 'RecordEngagement', commandId: 'c-4', occurredAt: '2024-01-25T08:00:00Z', clientId: 'C-1', engagementId: 'e-1', fee: 4800000, serviceLine: 'audit' },
  { type: 'RecordEngagement', commandId: 'c-5', occurredAt: '2024-02-25T08:00:00Z', clientId: 'C-2', engagementId: 'e-2', fee: 100000, serviceLine: 'tax' },
  { type: 'RecordEngagement', commandId: 'c-6', occurredAt: '2024-03-25T08:00:00Z', clientId: 'C-1', engagementId: 'e-3', fee: 200000, serviceLine: 'tax' },
];

const sampleStore = async (): Promise<EventStore> => {
  const store = createMemoryEventStore({ clock: () => new Date('2024-06-01T00:00:00Z') });
  const executor = createCommandExecutor({ store, occurredAt: 'required' });
  for (const command of COMMANDS) expect((await executor.execute(command)).status).toBe('applied');
  return store;
};

const allEvents = async (store: EventStore): Promise<RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  for await (const batch of store.readAll({ batchSize: 4 })) events.push(...batch);
  return events;
};

/** The export file's lines (without their "\n"), the trailer last. */
const exportText = async (store: EventStore): Promise<string[]> => {
  let text = '';
  for await (const piece of exportLines(store.readAll({ batchSize: 4 }))) text += piece;
  expect(text.endsWith('\n')).toBe(true);
  return text.slice(0, -1).split('\n');
};

/** What `open` hands the import: the lines numbered from 1, read afresh on every call. */
const opener = (lines: readonly string[]) =>
  async function* (): AsyncGenerator<NumberedLine> {
    for (let i = 0; i < lines.length; i++) yield { line: i + 1, text: lines[i]! };
  };
const withoutPosition = ({ position: _position, ...event }: RecordedEvent): Omit<RecordedEvent, 'position'> => event;

describe('export', () => {
  it('writes each event as the history object plus stream, in global order, then the trailer', async () => {
    const store = await sampleStore();
    const lines = await exportText(store);
    const events = await allEvents(store);
    expect(lines).toHaveLength(events.length + 1);
    const first = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(Object.keys(first)).toEqual(['stream', 'streamVersion', 'position', 'type', 'data', 'metadata']);
    expect(Object.keys(first.metadata as object)).toEqual(['occurredAt', 'recordedAt', 'actor', 'commandId', 'correlationId', 'causationId', 'schemaVersion', 'hash']);
    expect(lines.slice(0, -1).map((line) => (JSON.parse(line) as { position: number }).position)).toEqual([1, 2, 3, 4, 5, 6]);
    // digest = SHA-256 hex of every hash concatenated in export order.
    const digest = createHash('sha256').update(events.map((e) => e.metadata.hash).join('')).digest('hex');
    expect(JSON.parse(lines.at(-1)!)).toEqual({ trailer: { events: 6, streams: 3, digest } });
  });

  it('of an empty log is the trailer alone', async () => {
    const lines = await exportText(createMemoryEventStore());
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual([{ trailer: { events: 0, streams: 0, digest: createHash('sha256').digest('hex') } }]);
  });
});

describe('export → import', () => {
  it('reproduces every event, stream version and hash in a fresh memory store', async () => {
    const source = await sampleStore();
    const lines = await exportText(source);
    const target = createMemoryEventStore({ clock: () => new Date('2030-01-01T00:00:00Z') });
    expect(await importExport(target, opener(lines))).toEqual({ imported: 6, streams: 3 });
    const before = await allEvents(source);
    const after = await allEvents(target);
    // recordedAt is the original one, not the target's clock, so every hash is the same.
    expect(after.map(withoutPosition)).toEqual(before.map(withoutPosition));
    expect(await verifyLog(target.readAll())).toMatchObject({ verified: true, events: 6, streams: 3 });
    // And the target exports the same file, positions aside.
    expect(await exportText(target)).toEqual(lines);
  });

  it('reproduces them in a SQLite store, in several transactions when the file is bigger than one', async () => {
    const source = await sampleStore();
    const lines = await exportText(source);
    const target = openSqliteEventStore(':memory:');
    try {
      expect(await importExport(target, opener(lines), { maxEventsPerTransaction: 4 })).toEqual({ imported: 6, streams: 3 });
      expect((await allEvents(target)).map(withoutPosition)).toEqual((await allEvents(source)).map(withoutPosition));
    } finally {
      await target.close();
    }
  });

  it('imports an empty export as nothing', async () => {
    const lines = await exportText(createMemoryEventStore());
    const target = createMemoryEventStore();
    expect(await importExport(target, opener(lines))).toEqual({ imported: 0, streams: 0 });
  });
});

describe('import refuses, and imports nothing', () => {
  const refused = async (lines: readonly string[], message: RegExp, target: EventStore = createMemoryEventStore()) => {
    const before = (await allEvents(target)).length;
    const result = await importExport(target, opener(lines));
    expect(result).toMatchObject({ kind: 'InvalidExport' });
    expect('message' in result ? result.message : '').toMatch(message);
    expect(await allEvents(target)).toHaveLength(before);
    return result;
  };
  const parsed = (line: string) => JSON.parse(line) as { stream: string; streamVersion: number; data: Record<string, unknown> };

  it('a file without its trailer (truncated at a line end)', async () => {
    const lines = await exportText(await sampleStore());
    await refused(lines.slice(0, -1), /no trailer/);
    await refused(lines.slice(0, 3), /no trailer/);
  });

  it('a file cut in the middle of a line', async () => {
    const lines = await exportText(await sampleStore());
    const cut = [...lines.slice(0, 3), lines[3]!.slice(0, 40)];
    expect(await refused(cut, /invalid JSON/)).toMatchObject({ line: 4 });
  });

  it('a file whose last events were cut and a trailer kept (counts and digest off)', async () => {
    const lines = await exportText(await sampleStore());
    await refused([...lines.slice(0, 4), lines.at(-1)!], /trailer counts 6 events in 3 streams, the file holds 4 in 3/);
  });

  it('a removed stream, trailer kept', async () => {
    const lines = await exportText(await sampleStore());
    await refused(lines.filter((line) => !line.includes('"stream":"client-C-2"')), /trailer counts 6 events in 3 streams, the file holds 4 in 2/);
  });

  it('a removed stream with the trailer counts edited to match (the digest still differs)', async () => {
    const lines = await exportText(await sampleStore());
    const kept = lines.filter((line) => !line.includes('"stream":"client-C-2"'));
    const trailer = JSON.parse(kept.pop()!) as { trailer: { digest: string } };
    kept.push(JSON.stringify({ trailer: { events: 4, streams: 2, digest: trailer.trailer.digest } }));
    await refused(kept, /digest/);
  });

  it('a removed event in the middle of a stream (a version gap)', async () => {
    const lines = await exportText(await sampleStore());
    const i = lines.findIndex((line) => line.startsWith('{') && parsed(line).stream === 'client-C-1' && parsed(line).streamVersion === 1);
    const result = await refused(lines.filter((_, j) => j !== i), /expected streamVersion 1 of client-C-1/);
    expect(result).toMatchObject({ line: 5 });
  });

  it('a reordered pair of events within a stream', async () => {
    const lines = await exportText(await sampleStore());
    const first = lines.findIndex((line) => parsed(line).stream === 'client-C-1' && parsed(line).streamVersion === 0);
    const second = lines.findIndex((line) => parsed(line).stream === 'client-C-1' && parsed(line).streamVersion === 1);
    const swapped = [...lines];
    [swapped[first], swapped[second]] = [lines[second]!, lines[first]!];
    await refused(swapped, /expected streamVersion 0 of client-C-1/);
  });

  it('a modified data field (the hash no longer recomputes)', async () => {
    const lines = await exportText(await sampleStore());
    const i = lines.findIndex((line) => line.includes('4800000'));
    const edited = [...lines];
    edited[i] = lines[i]!.replace('4800000', '4800001');
    expect(await refused(edited, /hash mismatch/)).toMatchObject({ line: i + 1 });
  });

  it('a line after the trailer', async () => {
    const lines = await exportText(await sampleStore());
    await refused([...lines, lines[0]!], /after the trailer/);
  });

  it('a target store that already holds one of the file\'s streams, naming it', async () => {
    const lines = await exportText(await sampleStore());
    const target = createMemoryEventStore();
    const executor = createCommandExecutor({ store: target, occurredAt: 'required' });
    await executor.execute({ type: 'RegisterSalesperson', commandId: 'x-0', occurredAt: '2024-01-02T09:00:00Z', salespersonId: 'sp-9', name: 'Li Ming' });
    expect((await executor.execute({ type: 'RegisterClient', commandId: 'x-1', occurredAt: '2024-01-03T09:00:00Z', clientId: 'C-2', name: 'Other', ownerId: 'sp-9' })).status).toBe('applied');
    const before = await allEvents(target);
    expect(await importExport(target, opener(lines))).toMatchObject({ kind: 'ImportConflict', stream: 'client-C-2' });
    expect(await allEvents(target)).toEqual(before);
  });
});
