import { describe, expect, it } from 'vitest';
import { createMemoryEventStore, createCommandExecutor } from '@rapport/core';
import { applyLines } from '../src/apply/apply-lines.js';
import type { SourceLine } from '../src/apply/lines.js';

async function* source(lines: readonly SourceLine[]): AsyncGenerator<SourceLine> {
  yield* lines;
}

const at = (day: number) => `2024-01-${String(day).padStart(2, '0')}T09:00:00Z`;
const text = (fields: Record<string, unknown>) => JSON.stringify(fields);

// Given a salesperson and two clients, when one client churns before it is engaged, a line is not
// JSON, a command repeats and one is not valid, then each is tallied on its own line.
const file: SourceLine[] = [
  { line: 1, text: text({ type: 'RegisterSalesperson', commandId: 'a1', occurredAt: at(1), salespersonId: 'sp-1', name: 'Li Ming' }) },
  { line: 2, text: text({ type: 'RegisterClient', commandId: 'a2', occurredAt: at(2), clientId: 'c-1', name: 'Suzhou Parts', ownerId: 'sp-1' }) },
  { line: 3, text: '{"type":' },
  { line: 5, text: text({ type: 'RecordChurn', commandId: 'a3', occurredAt: at(3), clientId: 'c-1', reason: 'other' }) },
  { line: 6, problem: 'line is not valid UTF-8' },
  { line: 7, text: text({ type: 'RegisterClient', commandId: 'a2', occurredAt: at(4), clientId: 'c-1', name: 'again', ownerId: 'sp-1' }) },
  { line: 8, text: text({ type: 'RecordEngagement', commandId: 'a4', occurredAt: at(5), clientId: 'c-1', engagementId: 'e-1', fee: 100 }) },
  { line: 9, text: '42' },
  { line: 10, text: text({ type: 'RecordChurn', occurredAt: at(6), clientId: 'c-1', reason: 'competitor' }) },
];

const expected = {
  applied: 4,
  duplicates: 1,
  rejected: [
    { line: 3, commandId: null, code: 'InvalidCommand', message: expect.stringMatching(/^invalid JSON: /) as string },
    { line: 5, commandId: 'a3', code: 'NotActive', message: expect.any(String) as string },
    { line: 6, commandId: null, code: 'InvalidCommand', message: 'line is not valid UTF-8' },
    { line: 9, commandId: null, code: 'InvalidCommand', message: expect.stringMatching(/JSON object/) as string },
  ],
};

describe('applyLines', () => {
  it.each([1, 2, 3, 1000])('tallies each line the same whatever the batch size (%i)', async (batchSize) => {
    const executor = createCommandExecutor({ store: createMemoryEventStore(), occurredAt: 'required' });
    expect(await applyLines(source(file), executor, { batchSize })).toEqual(expected);
  });

  it.each([1, 2, 1000])('tallies the same from groups of lines as from single lines (batch size %i)', async (batchSize) => {
    async function* groups(): AsyncGenerator<readonly SourceLine[]> {
      yield file.slice(0, 3);
      yield file.slice(3, 4);
      yield file.slice(4);
    }
    const executor = createCommandExecutor({ store: createMemoryEventStore(), occurredAt: 'required' });
    expect(await applyLines(groups(), executor, { batchSize })).toEqual(expected);
  });
});

describe('applyLines and what JSON.parse would hide', () => {
  it('refuses a number it would round and a key given twice, naming the field and the line\'s commandId, and applies nothing of those lines', async () => {
    const store = createMemoryEventStore();
    const executor = createCommandExecutor({ store, occurredAt: 'required' });
    const lines = [
      text({ type: 'RegisterSalesperson', commandId: 'b1', occurredAt: at(1), salespersonId: 'sp-1', name: 'Li Ming' }),
      text({ type: 'RegisterClient', commandId: 'b2', occurredAt: at(2), clientId: 'c-1', name: 'Suzhou Parts', ownerId: 'sp-1' }),
      `{"type":"RecordEngagement","commandId":"b3","occurredAt":"${at(3)}","clientId":"c-1","engagementId":"e-1","fee":1.0000000000000001}`,
      `{"type":"RecordEngagement","commandId":"b4","occurredAt":"${at(3)}","clientId":"c-1","engagementId":"e-2","fee":-5,"fee":7}`,
      `{"type":"SetAnnualPlan","commandId":"b5","occurredAt":"${at(4)}","salespersonId":"sp-1","year":2024,"newClientsTarget":1,"newBusinessTarget":9007199254740993}`,
      // The commandId given twice is no commandId the line can be known by.
      `{"type":"SetVisitPlan","commandId":"b6","commandId":"b7","occurredAt":"${at(4)}","salespersonId":"sp-1","month":"2024-02","plannedVisits":3}`,
      // A field the command ignores (SPEC §1) is not read, however it is written.
      `{"type":"SetVisitPlan","commandId":"b8","occurredAt":"${at(4)}","salespersonId":"sp-1","month":"2024-03","plannedVisits":3,"foo":9007199254740993,"bar":1,"bar":2}`,
    ];
    const summary = await applyLines(source(lines.map((t, i) => ({ line: i + 1, text: t }))), executor);
    expect(summary).toEqual({
      applied: 3,
      duplicates: 0,
      rejected: [
        { line: 3, commandId: 'b3', code: 'InvalidCommand', message: 'fee: the number 1.0000000000000001 is not a whole number (it would be read as 1)' },
        { line: 4, commandId: 'b4', code: 'InvalidCommand', message: 'fee is given more than once' },
        { line: 5, commandId: 'b5', code: 'InvalidCommand', message: 'newBusinessTarget: the number 9007199254740993 cannot be held exactly (it would be read as 9007199254740992)' },
        { line: 6, commandId: null, code: 'InvalidCommand', message: 'commandId is given more than once' },
      ],
    });
    const events = [];
    for await (const batch of store.readAll()) events.push(...batch);
    expect(events.map((e) => e.type)).toEqual(['SalespersonRegistered', 'ClientRegistered', 'VisitPlanSet']);
  });
});

describe('apply progress', () => {
  it('reports lines, applied, duplicates and rejected after each batch, and renders a line with the rate', async () => {
    const { applyLines } = await import('../src/apply/apply-lines.js');
    const { progressText } = await import('../src/apply/progress.js');
    const { createCommandExecutor, createMemoryEventStore } = await import('@rapport/core');
    const executor = createCommandExecutor({ store: createMemoryEventStore(), occurredAt: 'required' });
    const text = [
      '{"type":"RegisterSalesperson","commandId":"a","salespersonId":"S1","name":"S","occurredAt":"2024-01-01T00:00:00Z"}',
      '{"type":"RegisterSalesperson","commandId":"a","salespersonId":"S1","name":"S","occurredAt":"2024-01-01T00:00:00Z"}',
      'not json',
    ];
    async function* source() {
      for (const [i, line] of text.entries()) yield { line: i + 1, text: line };
    }
    const seen: unknown[] = [];
    await applyLines(source(), executor, { batchSize: 2, onProgress: (p) => seen.push(p) });
    expect(seen).toEqual([
      { lines: 2, applied: 1, duplicates: 1, rejected: 0 },
      { lines: 3, applied: 1, duplicates: 1, rejected: 1 },
    ]);
    expect(progressText({ lines: 12_000, applied: 11_000, duplicates: 500, rejected: 500 }, 2)).toBe(
      'apply: 12,000 lines, 6,000/s · applied 11,000, duplicates 500, rejected 500',
    );
  });
});
