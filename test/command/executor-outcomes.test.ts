// What the command executor returns and stores for each command, on the memory and SQLite stores (SPEC §1, §3):
// results and metadata, rejections that append nothing, checks across streams, duplicates by commandId.
import { afterAll, describe, expect, it } from 'vitest';
import type { DomainErrorCode } from '@rapport/core';
import { RECORDED, applied, at, cmd, executorFixtures, expectRejected, outcome } from './executor-fixtures.js';
import { STORE_FACTORIES, fixedClock, readAll, removeTemporaryFiles } from './stores.js';

afterAll(removeTemporaryFiles);

const iso = (minute: number): string => new Date(at(minute)).toISOString();

describe.each(STORE_FACTORIES)('command executor on the $name store', (factory) => {
  const { open, executorOn, seeded } = executorFixtures(factory);

  describe('results and metadata', () => {
    it('applies a command and returns the event as stored', async () => {
      const store = open();
      const event = applied(await executorOn(store).execute(cmd.registerSalesperson('S-1', { region: 'north' })));
      expect(event).toMatchObject({
        stream: 'salesperson-S-1',
        streamVersion: 0,
        type: 'SalespersonRegistered',
        data: { salespersonId: 'S-1', name: 'Salesperson S-1' },
      });
      expect(event.data).not.toHaveProperty('region');
      expect(await store.readStream('salesperson-S-1')).toEqual([event]);
    });

    it('fills the metadata defaults: actor system, commandId and its derivatives null, schemaVersion 1', async () => {
      const store = open();
      const event = applied(await executorOn(store).execute(cmd.registerSalesperson('S-1', { occurredAt: '2024-03-01T09:30:00Z' })));
      expect(event.metadata).toEqual({
        occurredAt: '2024-03-01T09:30:00.000Z',
        recordedAt: RECORDED,
        actor: 'system',
        commandId: null,
        correlationId: null,
        causationId: null,
        schemaVersion: 1,
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
    });

    it('correlationId and causationId default to the commandId; given ones are kept; actor is kept', async () => {
      const { executor } = await seeded();
      const defaulted = applied(await executor.execute(cmd.contact('C-1', { commandId: 'cmd-1', actor: 'ann' })));
      expect(defaulted.metadata).toMatchObject({ actor: 'ann', commandId: 'cmd-1', correlationId: 'cmd-1', causationId: 'cmd-1' });
      const given = applied(await executor.execute(cmd.contact('C-1', { commandId: 'cmd-2', correlationId: 'corr-9', causationId: 'cmd-1' })));
      expect(given.metadata).toMatchObject({ actor: 'system', commandId: 'cmd-2', correlationId: 'corr-9', causationId: 'cmd-1' });
      const noId = applied(await executor.execute(cmd.contact('C-1', { correlationId: 'corr-9', commandId: null })));
      expect(noId.metadata).toMatchObject({ commandId: null, correlationId: 'corr-9', causationId: null });
    });

    it('occurredAt defaults to the executor clock; recordedAt comes from the store clock', async () => {
      const store = open(fixedClock('2031-01-01T00:00:00.000Z'));
      const executor = executorOn(store, { clock: fixedClock('2024-05-05T05:05:05.005Z') });
      const event = applied(await executor.execute({ type: 'RegisterSalesperson', salespersonId: 'S-1', name: 'Li' }));
      expect(event.metadata.occurredAt).toBe('2024-05-05T05:05:05.005Z');
      expect(event.metadata.recordedAt).toBe('2031-01-01T00:00:00.000Z');
    });

    it("'required' mode rejects a missing or null occurredAt with InvalidCommand on occurredAt, and appends nothing", async () => {
      const store = open();
      const executor = executorOn(store, { occurredAt: 'required' });
      const missing = await executor.execute({ type: 'RegisterSalesperson', salespersonId: 'S-1', name: 'Li', commandId: 'c-1' });
      expectRejected(missing, 'InvalidCommand', 'occurredAt');
      expect(missing).toMatchObject({ commandId: 'c-1' });
      if (missing.status === 'rejected') expect(missing.error.message).toContain('occurredAt');
      expectRejected(await executor.execute({ type: 'RegisterSalesperson', salespersonId: 'S-1', name: 'Li', occurredAt: null }), 'InvalidCommand', 'occurredAt');
      expect(await readAll(store)).toEqual([]);
      const event = applied(await executor.execute({ ...cmd.registerSalesperson('S-1'), commandId: 'c-1' }));
      expect(event.metadata.occurredAt).toBe(iso(0));
    });

    it('a rejected result carries the error and the input commandId (null without one)', async () => {
      const { executor } = await seeded();
      const result = await executor.execute(cmd.churn('C-1', { commandId: 'churn-1' }));
      expect(result).toEqual({
        status: 'rejected',
        commandId: 'churn-1',
        error: { code: 'NotActive', field: 'clientId', message: expect.stringContaining('C-1') },
      });
      expect(await executor.execute('not a command')).toEqual({
        status: 'rejected',
        commandId: null,
        error: { code: 'InvalidCommand', field: 'command', message: expect.any(String) },
      });
    });
  });

  describe('rejections append nothing', () => {
    it('every error code of SPEC §2–3 reached through the store, and the log unchanged', async () => {
      const { store, executor } = await seeded();
      // C-1 engaged with E-1 and complaint K-1 (resolved), C-2 churned, both at 10:03–10:06.
      for (const input of [
        cmd.engage('C-1', 'E-1'), cmd.complain('C-1', 'K-1'), cmd.resolve('C-1', 'K-1'),
        cmd.registerClient('C-2', 'S-2'), cmd.engage('C-2', 'E-1'), cmd.churn('C-2'),
      ]) applied(await executor.execute(input));
      const before = await readAll(store);

      const cases: [Record<string, unknown> | unknown, DomainErrorCode, string | undefined][] = [
        [{ ...cmd.engage('C-1', 'E-2'), fee: 0 }, 'InvalidCommand', 'fee'],
        [{ type: 'Nope' }, 'InvalidCommand', 'type'],
        [cmd.registerSalesperson('S-1', { occurredAt: at(30) }), 'SalespersonAlreadyRegistered', 'salespersonId'],
        [{ type: 'SetAnnualPlan', salespersonId: 'S-9', year: 2024, newClientsTarget: 1, newBusinessTarget: 1, occurredAt: at(30) }, 'SalespersonNotFound', 'salespersonId'],
        [{ type: 'SetVisitPlan', salespersonId: 'S-1', month: '2024-01', plannedVisits: 1, occurredAt: '2024-01-01T00:00:00Z' }, 'OutOfOrder', 'occurredAt'],
        [cmd.registerClient('C-1', 'S-1', { occurredAt: at(30) }), 'ClientAlreadyRegistered', 'clientId'],
        [cmd.registerClient('C-3', 'S-9'), 'SalespersonNotFound', 'ownerId'],
        [cmd.contact('C-9', { occurredAt: at(30) }), 'ClientNotFound', 'clientId'],
        [cmd.contact('C-1', { occurredAt: at(4) }), 'OutOfOrder', 'occurredAt'], // last event at 10:05
        [cmd.reassign('C-1', 'S-9', { occurredAt: at(30) }), 'SalespersonNotFound', 'ownerId'],
        [cmd.reassign('C-1', 'S-1', { occurredAt: at(30) }), 'SameOwner', 'ownerId'],
        [cmd.contact('C-1', { salespersonId: 'S-9', occurredAt: at(30) }), 'SalespersonNotFound', 'salespersonId'],
        [cmd.engage('C-2', 'E-1', { occurredAt: at(30) }), 'ClientChurned', 'clientId'],
        [cmd.engage('C-1', 'E-1', { occurredAt: at(30) }), 'DuplicateEngagement', 'engagementId'],
        [cmd.complain('C-1', 'K-1', { occurredAt: at(30) }), 'DuplicateComplaint', 'complaintId'],
        [cmd.resolve('C-1', 'K-9', { occurredAt: at(30) }), 'UnknownComplaint', 'complaintId'],
        [cmd.resolve('C-1', 'K-1', { occurredAt: at(30) }), 'ComplaintAlreadyResolved', 'complaintId'],
        [cmd.churn('C-2', { occurredAt: at(30) }), 'NotActive', 'clientId'],
        [cmd.reactivate('C-1', 'E-7', { occurredAt: at(30) }), 'NotChurned', 'clientId'],
        [cmd.reactivate('C-2', 'E-1', { occurredAt: at(30) }), 'DuplicateEngagement', 'engagementId'],
      ];
      for (const [input, code, field] of cases) expectRejected(await executor.execute(input), code, field);
      // The same through a batch.
      const batch = await executor.executeBatch(cases.map(([input]) => input));
      expect(batch.map(outcome)).toEqual(cases.map(([, code]) => code));
      expect(await readAll(store)).toEqual(before);
    });

    it('NotAClient for a prospect, and nothing appended', async () => {
      const { store, executor } = await seeded();
      const before = await readAll(store);
      expectRejected(await executor.execute(cmd.complain('C-1', 'K-1')), 'NotAClient', 'clientId');
      expect(await readAll(store)).toEqual(before);
    });
  });

  describe('cross-stream checks', () => {
    it('a client needs a registered owner; registering the owner afterwards lets it through', async () => {
      const store = open();
      const executor = executorOn(store);
      expectRejected(await executor.execute(cmd.registerClient('C-1', 'S-1')), 'SalespersonNotFound', 'ownerId');
      applied(await executor.execute(cmd.registerSalesperson('S-1')));
      expect(applied(await executor.execute(cmd.registerClient('C-1', 'S-1'))).data).toEqual({ clientId: 'C-1', name: 'Client C-1', ownerId: 'S-1' });
    });

    it('existence looks at what was appended, whatever its occurredAt', async () => {
      const store = open();
      const executor = executorOn(store);
      applied(await executor.execute(cmd.registerSalesperson('S-1', { occurredAt: '2025-01-01T00:00:00Z' })));
      applied(await executor.execute(cmd.registerClient('C-1', 'S-1', { occurredAt: '2020-01-01T00:00:00Z' })));
    });

    it('OutOfOrder is per stream: another stream may run behind', async () => {
      const { executor } = await seeded();
      applied(await executor.execute(cmd.contact('C-1', { occurredAt: at(50) })));
      expectRejected(await executor.execute(cmd.contact('C-1', { occurredAt: at(49) })), 'OutOfOrder', 'occurredAt');
      applied(await executor.execute(cmd.contact('C-1', { occurredAt: at(50) })));
      applied(await executor.execute(cmd.registerClient('C-2', 'S-1', { occurredAt: at(1) })));
    });

    it('a contact defaults to the current owner, named in the event', async () => {
      const { executor } = await seeded();
      expect(applied(await executor.execute(cmd.contact('C-1'))).data).toEqual({ clientId: 'C-1', channel: 'call', salespersonId: 'S-1' });
      applied(await executor.execute(cmd.reassign('C-1', 'S-2')));
      expect(applied(await executor.execute(cmd.contact('C-1', { occurredAt: at(9) }))).data).toMatchObject({ salespersonId: 'S-2' });
      expect(applied(await executor.execute(cmd.contact('C-1', { occurredAt: at(9), salespersonId: 'S-1' }))).data).toMatchObject({ salespersonId: 'S-1' });
    });

    it('a reassigned event names the previous owner; a reactivation the new lifetime', async () => {
      const { executor } = await seeded();
      expect(applied(await executor.execute(cmd.reassign('C-1', 'S-2', { occurredAt: at(2) }))).data).toEqual({
        clientId: 'C-1', ownerId: 'S-2', previousOwnerId: 'S-1',
      });
      applied(await executor.execute(cmd.engage('C-1', 'E-1')));
      applied(await executor.execute(cmd.churn('C-1')));
      expect(applied(await executor.execute(cmd.reactivate('C-1', 'E-2'))).data).toEqual({ clientId: 'C-1', engagementId: 'E-2', fee: 50_000, lifetime: 2 });
    });
  });

  describe('idempotency by commandId', () => {
    it('the same commandId on the same stream is a duplicate, whatever the payload, and appends nothing', async () => {
      const { store, executor } = await seeded();
      const first = applied(await executor.execute(cmd.contact('C-1', { commandId: 'k-1' })));
      const before = await readAll(store);
      // The duplicate names the event the commandId recorded first, so a retrying caller can wait for it.
      expect(await executor.execute(cmd.contact('C-1', { commandId: 'k-1' }))).toEqual({ status: 'duplicate', stream: 'client-C-1', commandId: 'k-1', position: first.position });
      // Another type, a payload that would be rejected, an earlier occurredAt: still the duplicate.
      expect(outcome(await executor.execute(cmd.churn('C-1', { commandId: 'k-1', occurredAt: at(0) })))).toBe('duplicate');
      expect(outcome(await executor.execute(cmd.engage('C-1', 'E-5', { commandId: 'k-1' })))).toBe('duplicate');
      expect(await readAll(store)).toEqual(before);
    });

    it('a retried Register* is a duplicate, not …AlreadyRegistered', async () => {
      const store = open();
      const executor = executorOn(store);
      applied(await executor.execute(cmd.registerSalesperson('S-1', { commandId: 'reg-s' })));
      applied(await executor.execute(cmd.registerClient('C-1', 'S-1', { commandId: 'reg-c' })));
      expect(outcome(await executor.execute(cmd.registerSalesperson('S-1', { commandId: 'reg-s' })))).toBe('duplicate');
      expect(outcome(await executor.execute(cmd.registerClient('C-1', 'S-1', { commandId: 'reg-c' })))).toBe('duplicate');
      expectRejected(await executor.execute(cmd.registerClient('C-1', 'S-1', { commandId: 'reg-c2' })), 'ClientAlreadyRegistered');
      expect(await readAll(store)).toHaveLength(2);
    });

    it('the same commandId on another stream is not a duplicate', async () => {
      const { executor } = await seeded();
      applied(await executor.execute(cmd.contact('C-1', { commandId: 'k-1' })));
      applied(await executor.execute(cmd.registerClient('C-2', 'S-1', { commandId: 'k-1' })));
      applied(await executor.execute(cmd.contact('C-2', { commandId: 'k-2' })));
      applied(await executor.execute({ type: 'SetVisitPlan', salespersonId: 'S-1', month: '2024-03', plannedVisits: 3, occurredAt: at(2), commandId: 'k-1' }));
    });

    it('a rejected command does not reserve its commandId', async () => {
      const { executor } = await seeded();
      expectRejected(await executor.execute(cmd.churn('C-1', { commandId: 'k-1' })), 'NotActive');
      expectRejected(await executor.execute(cmd.engage('C-1', 'E-1', { commandId: 'k-1', fee: -1 })), 'InvalidCommand', 'fee');
      applied(await executor.execute(cmd.engage('C-1', 'E-1', { commandId: 'k-1' })));
      expect(outcome(await executor.execute(cmd.engage('C-1', 'E-1', { commandId: 'k-1' })))).toBe('duplicate');
    });

    it('shape is checked before duplicates', async () => {
      const { executor } = await seeded();
      applied(await executor.execute(cmd.contact('C-1', { commandId: 'k-1' })));
      expectRejected(await executor.execute(cmd.contact('C-1', { commandId: 'k-1', channel: 'pigeon' })), 'InvalidCommand', 'channel');
    });

    it('duplicates survive a new executor (they are read from the store, not remembered)', async () => {
      const { store, executor } = await seeded();
      applied(await executor.execute(cmd.contact('C-1', { commandId: 'k-1' })));
      expect(outcome(await executorOn(store).execute(cmd.contact('C-1', { commandId: 'k-1' })))).toBe('duplicate');
    });
  });
});
