// The command executor on real stores (SPEC §1, §3): results, metadata, idempotency, check order
// through the store, group commit, conflicts and stale caches. Every test runs on memory and SQLite.
import { left } from 'fp-ts/lib/Either.js';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createCommandExecutor, type CommandExecutorOptions, type DomainErrorCode, type EventStore, type ExecutionResult, type RecordedEvent } from '@rapport/core';
import { STORE_FACTORIES, fixedClock, readAll, removeTemporaryFiles } from './stores.js';

afterAll(removeTemporaryFiles);

const RECORDED = '2030-06-01T12:00:00.000Z';
/** 2024-03-01 at 10:mm:00Z. */
const at = (minute: number): string => `2024-03-01T${String(10 + Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00Z`;
const iso = (minute: number): string => new Date(at(minute)).toISOString();

const cmd = {
  registerSalesperson: (salespersonId: string, extra: Record<string, unknown> = {}) => ({
    type: 'RegisterSalesperson', salespersonId, name: `Salesperson ${salespersonId}`, occurredAt: at(0), ...extra,
  }),
  registerClient: (clientId: string, ownerId: string, extra: Record<string, unknown> = {}) => ({
    type: 'RegisterClient', clientId, name: `Client ${clientId}`, ownerId, occurredAt: at(1), ...extra,
  }),
  contact: (clientId: string, extra: Record<string, unknown> = {}) => ({ type: 'RecordContact', clientId, channel: 'call', occurredAt: at(2), ...extra }),
  engage: (clientId: string, engagementId: string, extra: Record<string, unknown> = {}) => ({
    type: 'RecordEngagement', clientId, engagementId, fee: 100_000, occurredAt: at(3), ...extra,
  }),
  complain: (clientId: string, complaintId: string, extra: Record<string, unknown> = {}) => ({
    type: 'FileComplaint', clientId, complaintId, category: 'service', severity: 'medium', occurredAt: at(4), ...extra,
  }),
  resolve: (clientId: string, complaintId: string, extra: Record<string, unknown> = {}) => ({
    type: 'ResolveComplaint', clientId, complaintId, occurredAt: at(5), ...extra,
  }),
  churn: (clientId: string, extra: Record<string, unknown> = {}) => ({ type: 'RecordChurn', clientId, reason: 'competitor', occurredAt: at(6), ...extra }),
  reactivate: (clientId: string, engagementId: string, extra: Record<string, unknown> = {}) => ({
    type: 'ReactivateClient', clientId, engagementId, fee: 50_000, occurredAt: at(7), ...extra,
  }),
  reassign: (clientId: string, ownerId: string, extra: Record<string, unknown> = {}) => ({
    type: 'ReassignClient', clientId, ownerId, occurredAt: at(8), ...extra,
  }),
};

const applied = (result: ExecutionResult): RecordedEvent => {
  if (result.status !== 'applied') throw new Error(`expected applied, got ${JSON.stringify(result)}`);
  return result.event;
};

const expectRejected = (result: ExecutionResult, code: DomainErrorCode, field?: string): void => {
  if (result.status !== 'rejected') throw new Error(`expected ${code}, got ${result.status}`);
  expect(result.error.code).toBe(code);
  if (field !== undefined) expect(result.error.field).toBe(field);
};

const outcome = (result: ExecutionResult): string => (result.status === 'rejected' ? result.error.code : result.status);

/** A store whose append reports a StreamConflict the first `times` calls, then delegates. */
const conflicting = (inner: EventStore, times: number): EventStore & { readonly appendCalls: () => number } => {
  let calls = 0;
  return {
    append: async (request) => {
      calls++;
      if (calls <= times) return left({ kind: 'StreamConflict', stream: request.stream, expected: request.expected, actual: 99 });
      return inner.append(request);
    },
    readStream: (stream) => inner.readStream(stream),
        identity: () => inner.identity(),
    readAll: (options) => inner.readAll(options),
    close: () => inner.close(),
    appendCalls: () => calls,
  };
};

describe.each(STORE_FACTORIES)('command executor on the $name store', (factory) => {
  const opened: EventStore[] = [];
  const open = (clock: () => Date = fixedClock(RECORDED)): EventStore => {
    const store = factory.open(clock);
    opened.push(store);
    return store;
  };
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
  });

  const executorOn = (store: EventStore, options: Omit<CommandExecutorOptions, 'store'> = {}) => createCommandExecutor({ store, ...options });

  /** S-1 and S-2 registered, C-1 a prospect of S-1. */
  const seeded = async (options: Omit<CommandExecutorOptions, 'store'> = {}) => {
    const store = open();
    const executor = executorOn(store, options);
    for (const input of [cmd.registerSalesperson('S-1'), cmd.registerSalesperson('S-2'), cmd.registerClient('C-1', 'S-1')]) {
      applied(await executor.execute(input));
    }
    return { store, executor };
  };

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
