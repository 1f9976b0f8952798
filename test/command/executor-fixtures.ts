// What the executor tests share: commands on one business day, checks on a result, a store that
// conflicts on demand, and per-store fixtures (stores closed after each test, a seeded executor).
import { left } from 'fp-ts/lib/Either.js';
import { afterEach, expect } from 'vitest';
import { createCommandExecutor, type CommandExecutorOptions, type DomainErrorCode, type EventStore, type ExecutionResult, type RecordedEvent } from '@rapport/core';
import { fixedClock, type StoreFactory } from './stores.js';

export const RECORDED = '2030-06-01T12:00:00.000Z';
/** 2024-03-01 at 10:mm:00Z. */
export const at = (minute: number): string => `2024-03-01T${String(10 + Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00Z`;

export const cmd = {
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

export const applied = (result: ExecutionResult): RecordedEvent => {
  if (result.status !== 'applied') throw new Error(`expected applied, got ${JSON.stringify(result)}`);
  return result.event;
};

export const expectRejected = (result: ExecutionResult, code: DomainErrorCode, field?: string): void => {
  if (result.status !== 'rejected') throw new Error(`expected ${code}, got ${result.status}`);
  expect(result.error.code).toBe(code);
  if (field !== undefined) expect(result.error.field).toBe(field);
};

export const outcome = (result: ExecutionResult): string => (result.status === 'rejected' ? result.error.code : result.status);

/** A store whose append reports a StreamConflict the first `times` calls, then delegates. */
export const conflicting = (inner: EventStore, times: number): EventStore & { readonly appendCalls: () => number } => {
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

/** Stores of one factory for a describe block, closed after each test, and executors on them. Call it in the block. */
export const executorFixtures = (factory: StoreFactory) => {
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

  return { open, executorOn, seeded };
};
