// Laws (b) and (c) of the command path, checked with fast-check on the memory and SQLite stores: concurrent
// writers on one client lose no event, and every stored hash is SPEC §6 recomputed from scratch.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createCommandExecutor, foldStream, type RecordedEvent } from '@rapport/core';
import { run, runsOn, sequences, toInputs, withStoreOf } from './command-sequences.js';
import { STORE_FACTORIES, readAll, removeTemporaryFiles, tickingClock } from './stores.js';

afterAll(removeTemporaryFiles);

// SPEC §6 recomputed independently: canonical JSON with sorted keys, SHA-256 over UTF-8.

const canonical = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
};

const specHash = (previousHash: string, event: RecordedEvent, data: unknown = event.data): string => {
  const m = event.metadata;
  const hashed = {
    stream: event.stream, streamVersion: event.streamVersion, type: event.type, data, occurredAt: m.occurredAt,
    recordedAt: m.recordedAt, actor: m.actor, commandId: m.commandId, correlationId: m.correlationId, causationId: m.causationId,
    schemaVersion: m.schemaVersion,
  };
  return createHash('sha256').update(previousHash + canonical(hashed), 'utf8').digest('hex');
};

const checkChains = (log: readonly RecordedEvent[]): void => {
  const tips = new Map<string, { hash: string; version: number }>();
  let lastPosition = -1n;
  for (const event of log) {
    expect(event.position.commit > lastPosition).toBe(true);
    lastPosition = event.position.commit;
    const tip = tips.get(event.stream) ?? { hash: '0'.repeat(64), version: -1 };
    expect(event.streamVersion).toBe(tip.version + 1);
    expect(event.metadata.hash).toBe(specHash(tip.hash, event));
    // The hash covers the data: any change to it would show.
    expect(specHash(tip.hash, event, { ...event.data, tampered: true })).not.toBe(event.metadata.hash);
    tips.set(event.stream, { hash: event.metadata.hash, version: event.streamVersion });
  }
};

describe.each(STORE_FACTORIES)('command path laws on the $name store', (factory) => {
  const runs = runsOn(factory);
  const withStore = withStoreOf(factory);

  it('(b) concurrent writers on one client lose no event: each command ends applied or Conflict', async () => {
    const race = fc.record({
      commands: fc.array(fc.constantFrom('contact', 'engage'), { minLength: 2, maxLength: 8 }),
      executors: fc.integer({ min: 2, max: 3 }),
      maxAttempts: fc.oneof(fc.integer({ min: 1, max: 3 }), fc.constant(8)),
      warm: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(race, async ({ commands, executors: count, maxAttempts, warm }) =>
        withStore(tickingClock('2030-01-01T00:00:00.000Z'), async (store) => {
          const setup = createCommandExecutor({ store });
          for (const input of [
            { type: 'RegisterSalesperson', salespersonId: 'S-1', name: 'Li', occurredAt: '2024-01-01T00:00:00Z' },
            { type: 'RegisterClient', clientId: 'C-1', name: 'Acme', ownerId: 'S-1', occurredAt: '2024-01-01T00:00:00Z', commandId: 'setup' },
            { type: 'RecordEngagement', clientId: 'C-1', engagementId: 'E-0', fee: 1, occurredAt: '2024-01-01T00:00:00Z' },
          ]) expect((await setup.execute(input)).status).toBe('applied');
          const setupEvents = 2;

          const executors = Array.from({ length: count }, () => createCommandExecutor({ store, maxAttempts }));
          // A warm executor has the client cached (a duplicate loads the stream without writing).
          if (warm) for (const executor of executors) expect((await executor.execute({ type: 'RecordContact', clientId: 'C-1', channel: 'call', occurredAt: '2024-01-01T00:00:00Z', commandId: 'setup' })).status).toBe('duplicate');

          const inputs = commands.map((kind, i) =>
            kind === 'contact'
              ? { type: 'RecordContact', clientId: 'C-1', channel: 'visit', summary: `contact ${i}`, occurredAt: '2024-01-02T00:00:00Z' }
              : { type: 'RecordEngagement', clientId: 'C-1', engagementId: `E-${i + 1}`, fee: 100 + i, occurredAt: '2024-01-02T00:00:00Z' },
          );
          const results = await Promise.all(inputs.map((input, i) => executors[i % count]!.execute(input)));

          for (const result of results) {
            if (result.status === 'rejected') expect(result.error.code).toBe('Conflict');
            else expect(result.status).toBe('applied');
          }
          const stream = await store.readStream('client-C-1');
          const raced = stream.slice(setupEvents);
          const appliedEvents = results.flatMap((r) => (r.status === 'applied' ? [r.event] : []));
          expect(raced).toHaveLength(appliedEvents.length);
          expect(stream.map((e) => e.streamVersion)).toEqual(stream.map((_, i) => i));
          // Each applied result is in the stream as returned, and each stored event came from one.
          for (const event of appliedEvents) expect(stream[event.streamVersion]).toEqual(event);
          const fromInputs = (i: number) => (inputs[i]!.type === 'RecordContact' ? inputs[i]!.summary : inputs[i]!.engagementId);
          const appliedKeys = results.flatMap((r, i) => (r.status === 'applied' ? [fromInputs(i)] : [])).sort();
          expect(raced.map((e) => e.data.summary ?? e.data.engagementId).sort()).toEqual(appliedKeys);
          // A command can only lose to another one committing, so with enough attempts none is lost.
          if (maxAttempts >= commands.length) expect(appliedEvents).toHaveLength(commands.length);
          checkChains(await readAll(store));
          const folded = foldStream('client-C-1', stream).current;
          expect(folded.kind === 'client' ? folded.state?.stage : folded.kind).toBe('engaged');
        }),
      ),
      { numRuns: runs.concurrent },
    );
  });

  it('(c) every stored hash is SPEC §6 recomputed independently', async () => {
    await fc.assert(
      fc.asyncProperty(sequences, fc.boolean(), async (sequence, batch) =>
        withStore(tickingClock('2030-01-01T00:00:00.000Z'), async (store) => {
          const inputs = toInputs(sequence).map((i) => i.input);
          const results = await run(store, batch ? 'batch' : 'one-at-a-time', inputs, sequence);
          const log = await readAll(store);
          expect(log).toHaveLength(results.filter((r) => r.status === 'applied').length);
          checkChains(log);
        }),
      ),
      { numRuns: Math.ceil(runs.sequences / 2) },
    );
  });
});
