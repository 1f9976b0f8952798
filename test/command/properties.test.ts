// Laws of the command path, checked with fast-check on the memory and SQLite stores:
// (a) for random command sequences, outcomes and the state refolded from the store match an
//     independent reference model of SPEC §2–3;
// (b) concurrent writers on one client lose no event;
// (c) every stored hash is SPEC §6 recomputed from scratch.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createCommandExecutor, foldStream, type CommandExecutor, type EventStore, type ExecutionResult, type RecordedEvent } from '@rapport/core';
import { STORE_FACTORIES, fixedClock, readAll, removeTemporaryFiles, tickingClock } from './stores.js';

afterAll(removeTemporaryFiles);

const SALESPEOPLE = ['S-1', 'S-2', 'S-3'] as const;
const CLIENTS = ['C-1', 'C-2'] as const;
const ENGAGEMENTS = ['E-1', 'E-2', 'E-3'] as const;
const COMPLAINTS = ['K-1', 'K-2'] as const;
const COMMAND_IDS = ['k-1', 'k-2', 'k-3', 'k-4'] as const;
const BASE_MS = Date.parse('2024-01-01T00:00:00.000Z');

// ---------------------------------------------------------------------------------------------
// Generated commands: the fields of one command, how it is corrupted (if at all), and how far
// business time moves (sometimes backwards, to reach OutOfOrder).

type Corruption = 'none' | 'badInstant' | 'badId' | 'unknownType' | 'emptyActor';

interface Generated {
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
const sequences = fc
  .tuple(prefix, fc.array(generated, { minLength: 1, maxLength: 40, size: 'max' }))
  .map(([registered, rest]) => [...registered, ...rest]);

/** The inputs an executor is given, with business time accumulated over the steps. */
const toInputs = (sequence: readonly Generated[]): { input: Record<string, unknown>; occurredAtMs: number }[] => {
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

// ---------------------------------------------------------------------------------------------
// The reference model: SPEC §2–3 written out as plainly as possible, independently of the domain.

interface ModelClient {
  stage: 'prospect' | 'contacted' | 'engaged' | 'churned';
  ownerId: string;
  lifetime: number;
  lifetimeValue: number;
  engagementIds: Set<string>;
  complaints: Map<string, boolean>;
}

interface ModelStream {
  commandIds: Set<string>;
  lastOccurredAtMs: number;
  events: number;
}

class ReferenceModel {
  readonly salespeople = new Set<string>();
  readonly clients = new Map<string, ModelClient>();
  readonly streams = new Map<string, ModelStream>();

  /** The outcome the spec requires: 'applied', 'duplicate' or an error code; applies it if applied. */
  execute(g: Generated, occurredAtMs: number): { outcome: string; data?: Record<string, unknown> } {
    if (g.corruption !== 'none') return { outcome: 'InvalidCommand' };
    const f = g.fields as Record<string, unknown> & { type: string };
    const isClientCommand = 'clientId' in f;
    const stream = isClientCommand ? `client-${String(f.clientId)}` : `salesperson-${String(f.salespersonId)}`;
    const existing = this.streams.get(stream);
    if (g.commandId !== undefined && existing?.commandIds.has(g.commandId) === true) return { outcome: 'duplicate' };

    const isRegister = f.type === 'RegisterSalesperson' || f.type === 'RegisterClient';
    if (isRegister && existing !== undefined) return { outcome: isClientCommand ? 'ClientAlreadyRegistered' : 'SalespersonAlreadyRegistered' };
    if (!isRegister && existing === undefined) return { outcome: isClientCommand ? 'ClientNotFound' : 'SalespersonNotFound' };
    if (existing !== undefined && occurredAtMs < existing.lastOccurredAtMs) return { outcome: 'OutOfOrder' };

    const rule = this.rule(f);
    if (typeof rule === 'string') return { outcome: rule };
    const s = existing ?? { commandIds: new Set<string>(), lastOccurredAtMs: occurredAtMs, events: 0 };
    if (g.commandId !== undefined) s.commandIds.add(g.commandId);
    s.lastOccurredAtMs = occurredAtMs;
    s.events++;
    this.streams.set(stream, s);
    rule.apply();
    return { outcome: 'applied', data: rule.facts };
  }

  /** The first failing rule's code, or what applying the command does (and facts its event must show). */
  private rule(f: Record<string, unknown>): string | { apply: () => void; facts: Record<string, unknown> } {
    const str = (key: string): string => String(f[key]);
    const c = 'clientId' in f ? this.clients.get(str('clientId')) : undefined;
    const ok = (apply: () => void = () => {}, facts: Record<string, unknown> = {}) => ({ apply, facts: { type: EVENT_OF[String(f.type)], ...facts } });
    switch (f.type) {
      case 'RegisterSalesperson':
        return ok(() => this.salespeople.add(str('salespersonId')));
      case 'SetAnnualPlan':
      case 'SetVisitPlan':
        return ok();
      case 'RegisterClient':
        if (!this.salespeople.has(str('ownerId'))) return 'SalespersonNotFound';
        return ok(() =>
          this.clients.set(str('clientId'), { stage: 'prospect', ownerId: str('ownerId'), lifetime: 1, lifetimeValue: 0, engagementIds: new Set(), complaints: new Map() }),
        );
    }
    if (c === undefined) throw new Error('the model checks existence before rules');
    switch (f.type) {
      case 'ReassignClient':
        if (!this.salespeople.has(str('ownerId'))) return 'SalespersonNotFound';
        if (c.ownerId === f.ownerId) return 'SameOwner';
        return ok(() => { c.ownerId = str('ownerId'); }, { previousOwnerId: c.ownerId });
      case 'RecordContact':
        if (f.salespersonId !== undefined && !this.salespeople.has(str('salespersonId'))) return 'SalespersonNotFound';
        return ok(() => { if (c.stage === 'prospect') c.stage = 'contacted'; }, { salespersonId: f.salespersonId ?? c.ownerId });
      case 'RecordEngagement':
        if (c.stage === 'churned') return 'ClientChurned';
        if (c.engagementIds.has(str('engagementId'))) return 'DuplicateEngagement';
        return ok(() => { c.stage = 'engaged'; c.lifetimeValue += Number(f.fee); c.engagementIds.add(str('engagementId')); });
      case 'FileComplaint':
        if (c.stage !== 'engaged' && c.stage !== 'churned') return 'NotAClient';
        if (c.complaints.has(str('complaintId'))) return 'DuplicateComplaint';
        return ok(() => c.complaints.set(str('complaintId'), false));
      case 'ResolveComplaint':
        if (!c.complaints.has(str('complaintId'))) return 'UnknownComplaint';
        if (c.complaints.get(str('complaintId')) === true) return 'ComplaintAlreadyResolved';
        return ok(() => c.complaints.set(str('complaintId'), true));
      case 'RecordChurn':
        if (c.stage !== 'engaged') return 'NotActive';
        return ok(() => { c.stage = 'churned'; });
      case 'ReactivateClient':
        if (c.stage !== 'churned') return 'NotChurned';
        if (c.engagementIds.has(str('engagementId'))) return 'DuplicateEngagement';
        return ok(() => { c.stage = 'engaged'; c.lifetime++; c.lifetimeValue += Number(f.fee); c.engagementIds.add(str('engagementId')); }, { lifetime: c.lifetime + 1 });
      default:
        throw new Error(`the model does not know ${String(f.type)}`);
    }
  }
}

const EVENT_OF: Record<string, string> = {
  RegisterSalesperson: 'SalespersonRegistered', SetAnnualPlan: 'AnnualPlanSet', SetVisitPlan: 'VisitPlanSet',
  RegisterClient: 'ClientRegistered', ReassignClient: 'ClientReassigned', RecordContact: 'ClientContacted',
  RecordEngagement: 'ClientEngaged', FileComplaint: 'ClientComplained', ResolveComplaint: 'ComplaintResolved',
  RecordChurn: 'ClientChurned', ReactivateClient: 'ClientReactivated',
};

const outcomeOf = (result: ExecutionResult): string => (result.status === 'rejected' ? result.error.code : result.status);

type Mode = 'one-at-a-time' | 'batch' | 'two-executors';

const run = async (store: EventStore, mode: Mode, inputs: readonly Record<string, unknown>[], sequence: readonly Generated[]) => {
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

// ---------------------------------------------------------------------------------------------

const RUNS: Record<string, { sequences: number; concurrent: number }> = {
  memory: { sequences: 120, concurrent: 60 },
  sqlite: { sequences: 15, concurrent: 15 },
};

describe.each(STORE_FACTORIES)('command path laws on the $name store', (factory) => {
  const runs = RUNS[factory.name] ?? { sequences: 10, concurrent: 10 };

  const withStore = async <T>(clock: () => Date, body: (store: EventStore) => Promise<T>): Promise<T> => {
    const store = factory.open(clock);
    try {
      return await body(store);
    } finally {
      await store.close();
    }
  };

  it('(a) outcomes and the state refolded from the store match the reference model', async () => {
    await fc.assert(
      fc.asyncProperty(sequences, fc.constantFrom<Mode>('one-at-a-time', 'batch', 'two-executors'), async (sequence, mode) =>
        withStore(fixedClock('2030-01-01T00:00:00.000Z'), async (store) => {
          const inputs = toInputs(sequence);
          const results = await run(store, mode, inputs.map((i) => i.input), sequence);

          const model = new ReferenceModel();
          const expected = sequence.map((g, i) => model.execute(g, inputs[i]!.occurredAtMs));
          expect(results.map(outcomeOf)).toEqual(expected.map((e) => e.outcome));
          for (const [i, result] of results.entries()) {
            if (result.status === 'applied') expect({ type: result.event.type, ...result.event.data }).toMatchObject(expected[i]!.data!);
          }

          for (const clientId of CLIENTS) {
            const stream = `client-${clientId}`;
            const snapshot = foldStream(stream, await store.readStream(stream));
            const modelled = model.clients.get(clientId);
            expect(snapshot.current.state).toEqual(modelled === undefined ? null : { clientId, ...modelled });
            const modelStream = model.streams.get(stream);
            expect(snapshot.revision).toBe((modelStream?.events ?? 0) - 1);
            expect(new Set(snapshot.commandIds.keys())).toEqual(modelStream?.commandIds ?? new Set());
            expect(snapshot.lastOccurredAt).toBe(modelStream === undefined ? null : new Date(modelStream.lastOccurredAtMs).toISOString());
          }
          for (const salespersonId of SALESPEOPLE) {
            const stream = `salesperson-${salespersonId}`;
            const snapshot = foldStream(stream, await store.readStream(stream));
            expect(snapshot.current.state).toEqual(model.salespeople.has(salespersonId) ? { salespersonId } : null);
            expect(snapshot.revision).toBe((model.streams.get(stream)?.events ?? 0) - 1);
          }
          // Applied results are exactly the log, in order.
          const appliedEvents = results.flatMap((r) => (r.status === 'applied' ? [r.event] : []));
          expect(await readAll(store)).toEqual(appliedEvents);
        }),
      ),
      { numRuns: runs.sequences },
    );
  });

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
