// Law (a) of the command path, checked with fast-check on the memory and SQLite stores: for random command
// sequences, outcomes and the state refolded from the store match an independent reference model of SPEC §2–3.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { foldStream, type ExecutionResult } from '@rapport/core';
import { CLIENTS, SALESPEOPLE, run, runsOn, sequences, toInputs, withStoreOf, type Generated, type Mode } from './command-sequences.js';
import { STORE_FACTORIES, fixedClock, readAll, removeTemporaryFiles } from './stores.js';

afterAll(removeTemporaryFiles);

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

describe.each(STORE_FACTORIES)('command path laws on the $name store', (factory) => {
  const runs = runsOn(factory);
  const withStore = withStoreOf(factory);

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
});
