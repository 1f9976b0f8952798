// The command executor's executeBatch on the memory and SQLite stores (SPEC §3): the same results and log as
// one command at a time, in one group commit, however the store answers.
import { left } from 'fp-ts/lib/Either.js';
import { afterAll, describe, expect, it } from 'vitest';
import type { EventStore, ExecutionResult, RecordedEvent } from '@rapport/core';
import { applied, at, cmd, conflicting, executorFixtures, outcome } from './executor-fixtures.js';
import { STORE_FACTORIES, readAll, removeTemporaryFiles } from './stores.js';

afterAll(removeTemporaryFiles);

describe.each(STORE_FACTORIES)('command executor on the $name store', (factory) => {
  const { open, executorOn, seeded } = executorFixtures(factory);

  describe('executeBatch', () => {
    // A mixed sequence: cross-stream dependencies, rejections, duplicates within the batch.
    const SEQUENCE: unknown[] = [
      cmd.registerClient('C-1', 'S-1'), // SalespersonNotFound: S-1 comes next
      cmd.registerSalesperson('S-1', { commandId: 'a-1' }),
      cmd.registerClient('C-1', 'S-1', { commandId: 'a-2' }),
      cmd.registerSalesperson('S-1', { commandId: 'a-1' }), // duplicate within the batch
      cmd.contact('C-1', { commandId: 'a-3', actor: 'ann' }),
      cmd.contact('C-1', { commandId: 'a-3' }), // duplicate
      { type: 'RecordContact', clientId: 'C-1' }, // InvalidCommand
      cmd.complain('C-1', 'K-1'), // NotAClient
      cmd.engage('C-1', 'E-1', { commandId: 'a-4' }),
      cmd.engage('C-1', 'E-1'), // DuplicateEngagement
      cmd.complain('C-1', 'K-1', { description: 'late' }),
      cmd.churn('C-1', { occurredAt: at(3) }), // OutOfOrder (K-1 was at 10:04)
      cmd.churn('C-1', { commandId: 'a-3' }), // duplicate of the contact
      cmd.churn('C-1'),
      cmd.engage('C-1', 'E-2', { occurredAt: at(7) }), // ClientChurned
      cmd.reactivate('C-1', 'E-2', { campaign: 'spring' }),
      cmd.registerClient('C-2', 'S-2'), // SalespersonNotFound
      cmd.registerSalesperson('S-2', { occurredAt: at(10) }),
      cmd.registerClient('C-2', 'S-2', { commandId: 'a-2' }), // not a duplicate: another stream
      cmd.reassign('C-1', 'S-2'),
      cmd.reassign('C-1', 'S-2', { occurredAt: at(9) }), // SameOwner
      cmd.contact('C-1', { occurredAt: at(9) }), // resolved to S-2
      cmd.resolve('C-1', 'K-1', { occurredAt: at(9) }),
      cmd.resolve('C-1', 'K-1', { occurredAt: at(9) }), // ComplaintAlreadyResolved
      cmd.contact('C-9'), // ClientNotFound
      { type: 'SetAnnualPlan', salespersonId: 'S-2', year: 2024, newClientsTarget: 4, newBusinessTarget: 0, occurredAt: at(10) },
      { type: 'SetAnnualPlan', salespersonId: 'S-2', year: 2024, newClientsTarget: 5, newBusinessTarget: 0, occurredAt: at(9) }, // OutOfOrder
    ];

    const oneAtATime = async (inputs: readonly unknown[]) => {
      const store = open();
      const executor = executorOn(store);
      const results: ExecutionResult[] = [];
      for (const input of inputs) results.push(await executor.execute(input));
      return { results, log: await readAll(store) };
    };

    it('the sequence exercises what it claims to', async () => {
      const { results } = await oneAtATime(SEQUENCE);
      expect(results.map(outcome)).toEqual([
        'SalespersonNotFound', 'applied', 'applied', 'duplicate', 'applied', 'duplicate', 'InvalidCommand', 'NotAClient',
        'applied', 'DuplicateEngagement', 'applied', 'OutOfOrder', 'duplicate', 'applied', 'ClientChurned', 'applied',
        'SalespersonNotFound', 'applied', 'applied', 'applied', 'SameOwner', 'applied', 'applied', 'ComplaintAlreadyResolved',
        'ClientNotFound', 'applied', 'OutOfOrder',
      ]);
    });

    it('gives exactly the results and stored events of one-at-a-time execution', async () => {
      const expected = await oneAtATime(SEQUENCE);
      const store = open();
      const results = await executorOn(store).executeBatch(SEQUENCE);
      expect(results).toEqual(expected.results);
      expect(await readAll(store)).toEqual(expected.log);
    });

    it('in several batches on one executor, the same again', async () => {
      const expected = await oneAtATime(SEQUENCE);
      const store = open();
      const executor = executorOn(store);
      const results = [
        ...(await executor.executeBatch(SEQUENCE.slice(0, 5))),
        ...(await executor.executeBatch(SEQUENCE.slice(5, 15))),
        ...(await executor.executeBatch([])),
        ...(await executor.executeBatch(SEQUENCE.slice(15))),
      ];
      expect(results).toEqual(expected.results);
      expect(await readAll(store)).toEqual(expected.log);
    });

    it('on a store without appendBatch, and when the group append conflicts, the same again', async () => {
      const expected = await oneAtATime(SEQUENCE);
      const plain = open();
      const withoutBatch = conflicting(plain, 0);
      expect(await executorOn(withoutBatch).executeBatch(SEQUENCE)).toEqual(expected.results);
      expect(await readAll(plain)).toEqual(expected.log);

      const inner = open();
      let batchCalls = 0;
      const conflictOnce: EventStore = {
        append: (request) => inner.append(request),
        appendBatch: async (requests) => {
          batchCalls++;
          if (batchCalls === 1) return left({ kind: 'StreamConflict', stream: requests[0]!.stream, expected: requests[0]!.expected, actual: 0 });
          return inner.appendBatch!(requests);
        },
        readStream: (stream) => inner.readStream(stream),
        identity: () => inner.identity(),
        readAll: (options) => inner.readAll(options),
        close: async () => {},
      };
      expect(await executorOn(conflictOnce).executeBatch(SEQUENCE)).toEqual(expected.results);
      expect(batchCalls).toBe(1);
      expect(await readAll(inner)).toEqual(expected.log);
    });

    it('loads the streams a batch has not seen in one readStreams call, where the store has it', async () => {
      const expected = await oneAtATime(SEQUENCE);
      const inner = open();
      let single = 0;
      const multi: (readonly string[])[] = [];
      const counting: EventStore = {
        append: (request) => inner.append(request),
        appendBatch: (requests) => inner.appendBatch!(requests),
        readStream: (stream) => {
          single++;
          return inner.readStream(stream);
        },
        readStreams: async (streams) => {
          multi.push(streams);
          const found = new Map<string, readonly RecordedEvent[]>();
          for (const stream of streams) found.set(stream, await inner.readStream(stream));
          return found;
        },
        identity: () => inner.identity(),
        readAll: (options) => inner.readAll(options),
        close: async () => {},
      };
      expect(await executorOn(counting).executeBatch(SEQUENCE)).toEqual(expected.results);
      expect(await readAll(inner)).toEqual(expected.log);
      expect(single).toBe(0);
      expect(multi).toHaveLength(1);
      expect([...multi[0]!].sort()).toEqual(['client-C-1', 'client-C-2', 'client-C-9', 'salesperson-S-1', 'salesperson-S-2']);
    });

    it('a conflict inside a batch (another writer got in) rejects only its own command', async () => {
      const { store, executor } = await seeded();
      // A second executor records engagement E-1 on C-1 behind the first one's cache: the batch's
      // E-1 looks valid on the stale snapshot, the group append conflicts, and on the fresh stream
      // it is a DuplicateEngagement, while the rest of the batch still applies.
      applied(await executorOn(store).execute(cmd.engage('C-1', 'E-1')));
      const results = await executor.executeBatch([
        cmd.registerClient('C-2', 'S-2', { commandId: 'b-1' }),
        cmd.engage('C-1', 'E-1', { commandId: 'b-2' }),
        cmd.contact('C-2', { commandId: 'b-3' }),
      ]);
      expect(results.map(outcome)).toEqual(['applied', 'DuplicateEngagement', 'applied']);
      const log = await readAll(store);
      expect(log.map((e) => e.metadata.commandId).filter((id) => id?.startsWith('b-'))).toEqual(['b-1', 'b-3']);
    });

    it('sees duplicates already in the store', async () => {
      const { store, executor } = await seeded();
      applied(await executor.execute(cmd.contact('C-1', { commandId: 'k-1' })));
      const results = await executorOn(store).executeBatch([cmd.contact('C-1', { commandId: 'k-1' }), cmd.contact('C-1', { commandId: 'k-2' })]);
      expect(results.map(outcome)).toEqual(['duplicate', 'applied']);
    });
  });
});
