// What an embedding developer gets wrong is refused where it is given, naming the option or input:
// an executor or Rapport built with options it cannot work with, and report inputs that are not an
// instant or a period. And commands on one client sent at once through one executor are all
// decided, one after another, never rejected as conflicting with each other.
import { describe, expect, it } from 'vitest';
import { InvalidReportInput, createCommandExecutor, createMemoryEventStore, createMemoryReadModelStore, createRapport } from '../../src/index.js';

const rapport = () => createRapport({ eventStore: createMemoryEventStore(), readModelStore: createMemoryReadModelStore() });

describe('options refused where they are given', () => {
  it('createCommandExecutor: cache capacity, attempts, occurredAt mode and clock', () => {
    const store = createMemoryEventStore();
    // A capacity of 0 once made the first command loop for ever.
    for (const cacheCapacity of [0, -5, 1.5]) expect(() => createCommandExecutor({ store, cacheCapacity })).toThrow(`cacheCapacity must be a positive integer, got ${cacheCapacity}`);
    for (const maxAttempts of [0, -1, Number.NaN]) expect(() => createCommandExecutor({ store, maxAttempts })).toThrow(/maxAttempts must be a positive integer/);
    expect(() => createCommandExecutor({ store, occurredAt: 'whenever' as never })).toThrow('occurredAt must be required or default-to-clock, got "whenever"');
    expect(() => createCommandExecutor({ store, clock: 42 as never })).toThrow(TypeError);
  });

  it('createRapport: catchUp, foreignReadModels and clock', () => {
    const stores = { eventStore: createMemoryEventStore(), readModelStore: createMemoryReadModelStore() };
    expect(() => createRapport({ ...stores, catchUp: 'sometimes' as never })).toThrow(InvalidReportInput);
    expect(() => createRapport({ ...stores, foreignReadModels: 'yes' as never })).toThrow('foreignReadModels must be refuse or rebuild, got "yes"');
    expect(() => createRapport({ ...stores, clock: 42 as never })).toThrow('clock must be a function returning a Date, got number');
  });
});

describe('report inputs that are no instant or period', () => {
  it('an invalid Date, epoch milliseconds out of a Date\'s range, or no string at all', async () => {
    const r = rapport();
    for (const asOf of [new Date(Number.NaN), 8.64e15 + 1, Number.POSITIVE_INFINITY, true as never]) {
      await expect(r.lifecycle({ asOf })).rejects.toBeInstanceOf(InvalidReportInput);
    }
    await expect(r.lifecycle({ asOf: new Date(Number.NaN) })).rejects.toThrow('asOf: not an instant: an invalid Date');
    await expect(r.lifecycle({ knownAt: 8.64e15 + 1 })).rejects.toThrow('knownAt: not an instant: 8640000000000001');
  });

  it('a period that is missing, not a period, or ends before it starts; one built by hand that is right is taken', async () => {
    const r = rapport();
    const start = Date.parse('2024-01-01T00:00:00Z');
    const end = Date.parse('2025-01-01T00:00:00Z');
    for (const period of [undefined, 2024, { label: '2024', start: end, end: start }, { start, end }]) {
      await expect(r.attrition({ period: period as never })).rejects.toThrow(/^period: expected a period string or \{label, start, end\}/);
    }
    expect((await r.attrition({ period: { label: '2024', start, end } })).period).toEqual({ label: '2024', start: '2024-01-01T00:00:00.000Z', end: '2025-01-01T00:00:00.000Z' });
  });

  it('quotes a string where a number belongs, so "3" and 3 read differently', async () => {
    await expect(rapport().winback({ limit: '3' as never })).rejects.toThrow('limit: expected an integer ≥ 0, got "3"');
  });
});

describe('untyped commands that are no JSON object', () => {
  it('are rejected as InvalidCommand naming the problem, never thrown', async () => {
    const r = rapport();
    const bigint = await r.executeUntyped({ type: 'RecordEngagement', clientId: 'c', engagementId: 'e', fee: 100n, occurredAt: '2024-01-01T00:00:00Z' });
    expect(bigint).toMatchObject({ status: 'rejected', error: { code: 'InvalidCommand', field: 'fee' } });
    expect(bigint.status === 'rejected' && bigint.error.message).toContain('got 100n');
    const inherited = await r.executeUntyped(Object.create({ type: 'RegisterSalesperson', salespersonId: 's', name: 'x' }));
    expect(inherited).toMatchObject({ status: 'rejected', error: { code: 'InvalidCommand', field: 'command' } });
    const date = await r.executeUntyped({ type: 'RegisterSalesperson', salespersonId: 's', name: 'x', occurredAt: new Date('2024-01-01T00:00:00Z') });
    expect(date.status === 'rejected' && date.error.message).toMatch(/got a Date \(/);
    await expect(r.executeBatchUntyped(null as never)).rejects.toThrow('executeBatch takes an array of commands, got null');
  });

  it('one whose getter or Proxy trap throws is rejected as InvalidCommand, alone or in a batch, never thrown', async () => {
    const r = rapport();
    const boom = (): never => {
      throw new Error('boom');
    };
    const getter = { type: 'RecordContact', clientId: 'c-1', get channel() { return boom(); } };
    expect(await r.executeUntyped(getter)).toMatchObject({ status: 'rejected', commandId: null, error: { code: 'InvalidCommand', field: 'command', message: expect.stringContaining('reading it threw "boom"') } });
    const trap = new Proxy({ type: 'RegisterSalesperson' }, { get: boom, has: boom });
    expect(await r.executeUntyped(trap)).toMatchObject({ status: 'rejected', error: { code: 'InvalidCommand', field: 'command' } });
    const good = { type: 'RegisterSalesperson', salespersonId: 'sp1', name: 'A', occurredAt: '2024-01-01T00:00:00Z' };
    expect((await r.executeBatchUntyped([good, trap])).map((result) => result.status)).toEqual(['applied', 'rejected']);
  });

  it('a hole in a sparse batch is one more InvalidCommand, in its place; the rest is applied', async () => {
    const r = rapport();
    const batch: unknown[] = [{ type: 'RegisterSalesperson', salespersonId: 'sp1', name: 'A', occurredAt: '2024-01-01T00:00:00Z' }];
    batch[2] = { type: 'RegisterSalesperson', salespersonId: 'sp2', name: 'B', occurredAt: '2024-01-01T00:00:00Z' };
    const results = await r.executeBatchUntyped(batch);
    expect(results.map((result) => result.status)).toEqual(['applied', 'rejected', 'applied']);
    expect(results[1]).toMatchObject({ status: 'rejected', error: { code: 'InvalidCommand', field: 'command' } });
  });
});

describe('waitFor a position that is none', () => {
  it.each([1.5, -1, Number.NaN, Number.POSITIVE_INFINITY])('is InvalidReportInput naming position (%s)', async (position) => {
    await expect(rapport().waitFor(position)).rejects.toMatchObject({ name: 'InvalidReportInput', option: 'position' });
  });
});

describe('history of an id no command accepts', () => {
  it.each(['bad id!', '', 'x'.repeat(65), 'a/b'])('is InvalidReportInput naming clientId (%j), not an unknown client', async (clientId) => {
    const r = rapport();
    await expect(r.history(clientId)).rejects.toMatchObject({ name: 'InvalidReportInput', option: 'clientId' });
    await expect(r.history(clientId, { catchUp: 'never' })).rejects.toBeInstanceOf(InvalidReportInput);
  });
});

describe('typed commands', () => {
  it('take null for an optional field, as absent (SPEC §1), and still refuse a misspelt one at compile time', async () => {
    const r = rapport();
    await r.execute({ type: 'RegisterSalesperson', salespersonId: 'sp-1', name: 'Wang' });
    await r.execute({ type: 'RegisterClient', clientId: 'c-1', name: 'Acme', ownerId: 'sp-1' });
    const applied = await r.execute({ type: 'RecordEngagement', clientId: 'c-1', engagementId: 'e-1', fee: 100, serviceLine: null });
    expect(applied.status).toBe('applied');
    expect(applied.status === 'applied' && applied.event.data).not.toHaveProperty('serviceLine');
    // @ts-expect-error a misspelt field is a compile error
    const misspelt = await r.execute({ type: 'RecordContact', clientId: 'c-1', chanel: 'visit' });
    expect(misspelt.status).toBe('rejected');
    // @ts-expect-error a ConfigureFirm with neither setting is one too (SPEC §2: at least one)
    const bare = await r.execute({ type: 'ConfigureFirm' });
    expect(bare.status).toBe('rejected');
    expect((await r.execute({ type: 'ConfigureFirm', keyAccountThreshold: 100, timeZone: null })).status).toBe('applied');
  });
});

describe('commands on one client at once through one executor', () => {
  it('are all decided in turn: none is rejected as a conflict with another', async () => {
    const r = rapport();
    await r.execute({ type: 'RegisterSalesperson', salespersonId: 'sp-1', name: 'Wang' });
    await r.execute({ type: 'RegisterClient', clientId: 'c-1', name: 'Acme', ownerId: 'sp-1' });
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => r.execute({ type: 'RecordContact', commandId: `k${i}`, clientId: 'c-1', channel: 'call' })));
    expect(results.map((result) => result.status)).toEqual(Array.from({ length: 12 }, () => 'applied'));
    const history = await r.history('c-1');
    expect(history.events.map((e) => e.streamVersion)).toEqual(Array.from({ length: 13 }, (_, i) => i));
  });
});
