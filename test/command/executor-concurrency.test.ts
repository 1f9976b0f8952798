// The command executor against other writers, on the memory and SQLite stores (SPEC §3): StreamConflict
// retries and re-decisions, and two executors whose caches go stale on one store.
import { afterAll, describe, expect, it } from 'vitest';
import type { EventStore } from '@rapport/core';
import { applied, at, cmd, conflicting, executorFixtures, expectRejected, outcome } from './executor-fixtures.js';
import { STORE_FACTORIES, readAll, removeTemporaryFiles } from './stores.js';

afterAll(removeTemporaryFiles);

describe.each(STORE_FACTORIES)('command executor on the $name store', (factory) => {
  const { executorOn, seeded } = executorFixtures(factory);

  describe('conflicts', () => {
    it('retries a StreamConflict and succeeds once the store lets the append through', async () => {
      const { store } = await seeded();
      const flaky = conflicting(store, 2);
      const event = applied(await executorOn(flaky, { maxAttempts: 3 }).execute(cmd.contact('C-1')));
      expect(flaky.appendCalls()).toBe(3);
      expect(event.streamVersion).toBe(1);
      expect(await store.readStream('client-C-1')).toHaveLength(2);
    });

    it('gives up with Conflict after maxAttempts, appending nothing', async () => {
      const { store } = await seeded();
      const before = await readAll(store);
      for (const [maxAttempts, expectedCalls] of [[3, 3], [1, 1], [undefined, 5]] as const) {
        const jammed = conflicting(store, Number.POSITIVE_INFINITY);
        const result = await executorOn(jammed, maxAttempts === undefined ? {} : { maxAttempts }).execute(cmd.contact('C-1', { commandId: 'k-1' }));
        expectRejected(result, 'Conflict');
        expect(result).toMatchObject({ commandId: 'k-1', error: { message: expect.stringContaining('client-C-1') } });
        expect(jammed.appendCalls()).toBe(expectedCalls);
      }
      // Exactly maxAttempts conflicts is still too many.
      expectRejected(await executorOn(conflicting(store, 2), { maxAttempts: 2 }).execute(cmd.contact('C-1')), 'Conflict');
      expect(await readAll(store)).toEqual(before);
    });

    it('a real conflict re-decides on the fresh stream', async () => {
      const { store, executor: other } = await seeded();
      applied(await other.execute(cmd.engage('C-1', 'E-1')));
      // Another writer churns C-1 between this executor's read and its append.
      let interfered = false;
      const racing: EventStore = {
        append: async (request) => {
          if (!interfered) {
            interfered = true;
            applied(await other.execute(cmd.churn('C-1')));
          }
          return store.append(request);
        },
        readStream: (stream) => store.readStream(stream),
        identity: () => store.identity(),
        readAll: (options) => store.readAll(options),
        close: async () => {},
      };
      const executor = executorOn(racing);
      expectRejected(await executor.execute(cmd.engage('C-1', 'E-2', { occurredAt: at(7) })), 'ClientChurned');
      expect((await store.readStream('client-C-1')).map((e) => e.type)).toEqual(['ClientRegistered', 'ClientEngaged', 'ClientChurned']);
    });
  });

  describe('stale caches (two executors on one store)', () => {
    it('a command rejected on the stale state but valid on the fresh one is applied', async () => {
      const { store, executor: a } = await seeded();
      const b = executorOn(store);
      applied(await a.execute(cmd.contact('C-1'))); // A caches C-1 as contacted
      applied(await b.execute(cmd.engage('C-1', 'E-1')));
      const event = applied(await a.execute(cmd.churn('C-1')));
      expect(event.streamVersion).toBe(3);
    });

    it('a command valid on the stale state but not on the fresh one is rejected, nothing appended', async () => {
      const { store, executor: a } = await seeded();
      const b = executorOn(store);
      applied(await a.execute(cmd.engage('C-1', 'E-1')));
      applied(await b.execute(cmd.churn('C-1')));
      const before = await readAll(store);
      expectRejected(await a.execute(cmd.engage('C-1', 'E-2', { occurredAt: at(7) })), 'ClientChurned');
      expectRejected(await a.execute(cmd.contact('C-1', { occurredAt: at(5) })), 'OutOfOrder');
      expect(await readAll(store)).toEqual(before);
    });

    it('a salesperson registered by another executor is found', async () => {
      const { store, executor: a } = await seeded();
      const b = executorOn(store);
      expectRejected(await a.execute(cmd.registerClient('C-2', 'S-3')), 'SalespersonNotFound'); // A caches S-3 as missing
      applied(await b.execute(cmd.registerSalesperson('S-3')));
      applied(await a.execute(cmd.registerClient('C-2', 'S-3')));
      applied(await a.execute(cmd.reassign('C-1', 'S-3')));
    });

    it('a client registered by another executor is found, and a duplicate recorded by it is reported', async () => {
      const { store, executor: a } = await seeded();
      const b = executorOn(store);
      expectRejected(await a.execute(cmd.contact('C-2')), 'ClientNotFound');
      applied(await b.execute(cmd.registerClient('C-2', 'S-1')));
      applied(await a.execute(cmd.contact('C-2')));
      applied(await b.execute(cmd.contact('C-2', { commandId: 'k-1' })));
      expect(outcome(await a.execute(cmd.contact('C-2', { commandId: 'k-1' })))).toBe('duplicate');
      expect(await store.readStream('client-C-2')).toHaveLength(3);
    });

    it('executeBatch confirms a rejection against the store too', async () => {
      const { store, executor: a } = await seeded();
      const b = executorOn(store);
      applied(await a.execute(cmd.contact('C-1', { commandId: 'k-1' }))); // A caches C-1 as contacted
      applied(await b.execute(cmd.engage('C-1', 'E-1')));
      // The duplicate is answered from A's stale snapshot; the churn after it must not be.
      const results = await a.executeBatch([cmd.contact('C-1', { commandId: 'k-1' }), cmd.churn('C-1')]);
      expect(results.map(outcome)).toEqual(['duplicate', 'applied']);
    });

    it('a tiny cache evicts without losing correctness', async () => {
      const { store } = await seeded();
      const executor = executorOn(store, { cacheCapacity: 1 });
      for (let i = 0; i < 3; i++) {
        applied(await executor.execute(cmd.contact('C-1', { occurredAt: at(10 + i) })));
        applied(await executor.execute({ type: 'SetVisitPlan', salespersonId: 'S-1', month: '2024-03', plannedVisits: i, occurredAt: at(10 + i) }));
      }
      expect(await store.readStream('client-C-1')).toHaveLength(4);
    });
  });
});
