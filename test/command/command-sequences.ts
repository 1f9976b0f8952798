// Random command sequences for the command-path laws: what is generated, how it becomes executor
// inputs and runs on a store, and how many runs each law gets on each store.
import fc from 'fast-check';
import { createCommandExecutor, type CommandExecutor, type EventStore, type ExecutionResult } from '@rapport/core';
import type { StoreFactory } from './stores.js';

export const SALESPEOPLE = ['S-1', 'S-2', 'S-3'] as const;
export const CLIENTS = ['C-1', 'C-2'] as const;
const ENGAGEMENTS = ['E-1', 'E-2', 'E-3'] as const;
const COMPLAINTS = ['K-1', 'K-2'] as const;
const COMMAND_IDS = ['k-1', 'k-2', 'k-3', 'k-4'] as const;
const BASE_MS = Date.parse('2024-01-01T00:00:00.000Z');

// ---------------------------------------------------------------------------------------------
// Generated commands: the fields of one command, how it is corrupted (if at all), and how far
// business time moves (sometimes backwards, to reach OutOfOrder).

type Corruption = 'none' | 'badInstant' | 'badId' | 'unknownType' | 'emptyActor';

export interface Generated {
  readonly fields: Readonly<Record<string, unknown>> & { readonly type: string };
  readonly commandId: string | undefined;
  /** Seconds added to the running business clock before this command; negative moves it back. */
  readonly step: number;
  readonly corruption: Corruption;
  /** Which executor runs it, where a test uses two. */
  readonly executor: 0 | 1;
}

const text = fc.option(fc.string({ minLength: 1, maxLength: 6, unit: 'grapheme' }), { nil: undefined, freq: 2 });
const name = fc.string({ minLength: 1, maxLength: 6, unit: 'grapheme' });
const salesperson = fc.constantFrom(...SALESPEOPLE);
const client = fc.constantFrom(...CLIENTS);
const engagement = fc.constantFrom(...ENGAGEMENTS);
const complaint = fc.constantFrom(...COMPLAINTS);
const fee = fc.integer({ min: 1, max: 1_000_000 });

const commandFields = fc.oneof(
  { weight: 2, arbitrary: fc.record({ type: fc.constant('RegisterSalesperson'), salespersonId: salesperson, name }) },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('SetAnnualPlan'), salespersonId: salesperson, year: fc.constantFrom(2024, 2025),
      newClientsTarget: fc.nat(20), newBusinessTarget: fc.nat(10_000_000),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ type: fc.constant('SetVisitPlan'), salespersonId: salesperson, month: fc.constantFrom('2024-01', '2024-02'), plannedVisits: fc.nat(30) }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant('RegisterClient'), clientId: client, name, ownerId: salesperson,
      source: fc.option(fc.constantFrom('exhibition', 'referral', 'b2b-platform', 'search', 'other'), { nil: undefined }),
      industry: text,
    }),
  },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('ReassignClient'), clientId: client, ownerId: salesperson, reason: text }) },
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant('RecordContact'), clientId: client, channel: fc.constantFrom('visit', 'call', 'email', 'meeting', 'other'),
      salespersonId: fc.option(salesperson, { nil: undefined }), summary: text,
    }),
  },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('RecordEngagement'), clientId: client, engagementId: engagement, fee, serviceLine: text }) },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('FileComplaint'), clientId: client, complaintId: complaint,
      category: fc.constantFrom('quality', 'service', 'price', 'staff', 'other'), severity: fc.constantFrom('low', 'medium', 'high'), description: text,
    }),
  },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('ResolveComplaint'), clientId: client, complaintId: complaint, outcome: text }) },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('RecordChurn'), clientId: client,
      reason: fc.constantFrom('dissatisfied', 'competitor', 'negative-value', 'involuntary', 'other'), note: text,
    }),
  },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('ReactivateClient'), clientId: client, engagementId: engagement, fee, campaign: text }) },
);

const generated: fc.Arbitrary<Generated> = fc.record({
  fields: commandFields as fc.Arbitrary<Generated['fields']>,
  commandId: fc.option(fc.constantFrom(...COMMAND_IDS), { nil: undefined, freq: 2 }),
  step: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 3600 }) }, { weight: 1, arbitrary: fc.integer({ min: -3600, max: -1 }) }),
  corruption: fc.oneof(
    { weight: 12, arbitrary: fc.constant<Corruption>('none') },
    { weight: 1, arbitrary: fc.constantFrom<Corruption>('badInstant', 'badId', 'unknownType', 'emptyActor') },
  ),
  executor: fc.constantFrom(0 as const, 1 as const),
});

// Sequences usually start by registering most salespeople and clients, so that the commands after
// get past the existence checks and reach the stage rules; whatever is left out stays unknown.
const registration = (fields: Generated['fields']): Generated => ({ fields, commandId: undefined, step: 0, corruption: 'none', executor: 0 });
const REGISTRATIONS: readonly Generated[] = [
  ...SALESPEOPLE.map((salespersonId) => registration({ type: 'RegisterSalesperson', salespersonId, name: `Salesperson ${salespersonId}` })),
  registration({ type: 'RegisterClient', clientId: 'C-1', name: 'Acme', ownerId: 'S-1' }),
  registration({ type: 'RegisterClient', clientId: 'C-2', name: '北京贸易', ownerId: 'S-2' }),
];
const prefix = fc
  .array(fc.integer({ min: 0, max: 4 }), { minLength: REGISTRATIONS.length, maxLength: REGISTRATIONS.length })
  .map((draws) => REGISTRATIONS.filter((_, i) => draws[i] !== 0));
export const sequences = fc
  .tuple(prefix, fc.array(generated, { minLength: 1, maxLength: 40, size: 'max' }))
  .map(([registered, rest]) => [...registered, ...rest]);

/** The inputs an executor is given, with business time accumulated over the steps. */
export const toInputs = (sequence: readonly Generated[]): { input: Record<string, unknown>; occurredAtMs: number }[] => {
  let clockMs = BASE_MS;
  return sequence.map((g) => {
    clockMs += g.step * 1000;
    const occurredAtMs = clockMs;
    // Whole seconds use the short form, so both input forms of SPEC §1 are exercised.
    const occurredAt = occurredAtMs % 2000 === 0 ? new Date(occurredAtMs).toISOString().replace('.000Z', 'Z') : new Date(occurredAtMs).toISOString();
    const input: Record<string, unknown> = { ...g.fields, occurredAt, ...(g.commandId === undefined ? {} : { commandId: g.commandId }) };
    switch (g.corruption) {
      case 'badInstant': input.occurredAt = '2023-02-30T10:00:00Z'; break;
      case 'badId': input['clientId' in g.fields ? 'clientId' : 'salespersonId'] = 'bad id'; break;
      case 'unknownType': input.type = 'Nope'; break;
      case 'emptyActor': input.actor = ''; break;
      case 'none': break;
    }
    return { input, occurredAtMs };
  });
};

export type Mode = 'one-at-a-time' | 'batch' | 'two-executors';

export const run = async (store: EventStore, mode: Mode, inputs: readonly Record<string, unknown>[], sequence: readonly Generated[]) => {
  const executors: CommandExecutor[] = [createCommandExecutor({ store }), createCommandExecutor({ store })];
  if (mode === 'batch') return executors[0]!.executeBatch(inputs);
  const results: ExecutionResult[] = [];
  for (const [i, input] of inputs.entries()) {
    const executor = mode === 'two-executors' ? executors[sequence[i]!.executor]! : executors[0]!;
    results.push(await executor.execute(input));
  }
  return results;
};

// ---------------------------------------------------------------------------------------------
// How many runs each law gets per store (SQLite is slower), and the store each run gets.

const RUNS: Record<string, { sequences: number; concurrent: number }> = {
  memory: { sequences: 120, concurrent: 60 },
  sqlite: { sequences: 15, concurrent: 15 },
};

/** How many runs each law gets on the factory's store. */
export const runsOn = (factory: StoreFactory): { sequences: number; concurrent: number } => RUNS[factory.name] ?? { sequences: 10, concurrent: 10 };

/** Runs `body` on a fresh store of the factory with the given clock, and closes the store after. */
export const withStoreOf = (factory: StoreFactory) => async <T>(clock: () => Date, body: (store: EventStore) => Promise<T>): Promise<T> => {
  const store = factory.open(clock);
  try {
    return await body(store);
  } finally {
    await store.close();
  }
};
