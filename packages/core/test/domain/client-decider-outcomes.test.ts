// The client-relationship decider (SPEC §3) when it decides: every command in every stage, the exact
// event data, the lifecycle the events drive, and evolve.
import { describe, expect, it } from 'vitest';
import { clientDecider } from '../../src/domain/client/decider.js';
import { type ClientEvent } from '../../src/domain/events.js';
import { type DomainErrorCode } from '../../src/domain/errors.js';
import { type Stage } from '../../src/domain/vocabulary.js';
import { type ClientState } from '../../src/domain/client/state.js';
import { COMMANDS, HISTORIES, type StageName } from './client-histories-and-commands.js';
import { clientEvents as e, context, givenClient, thenError, thenEvent, whenClient } from './fixtures.js';

type Outcome = { readonly event: ClientEvent['type']; readonly stage: Stage; readonly lifetime?: number } | { readonly error: DomainErrorCode };

const ok = (event: ClientEvent['type'], stage: Stage, lifetime = 1): Outcome => ({ event, stage, lifetime });
const no = (error: DomainErrorCode): Outcome => ({ error });

// Stages:              unregistered              prospect                              contacted                             engaged                               churned
const MATRIX: Record<keyof typeof COMMANDS, Record<StageName, Outcome>> = {
  RegisterClient: {
    unregistered: ok('ClientRegistered', 'prospect'),
    prospect: no('ClientAlreadyRegistered'),
    contacted: no('ClientAlreadyRegistered'),
    engaged: no('ClientAlreadyRegistered'),
    churned: no('ClientAlreadyRegistered'),
  },
  ReassignClient: {
    unregistered: no('ClientNotFound'),
    prospect: ok('ClientReassigned', 'prospect'),
    contacted: ok('ClientReassigned', 'contacted'),
    engaged: ok('ClientReassigned', 'engaged'),
    churned: ok('ClientReassigned', 'churned'),
  },
  RecordContact: {
    unregistered: no('ClientNotFound'),
    prospect: ok('ClientContacted', 'contacted'),
    contacted: ok('ClientContacted', 'contacted'),
    engaged: ok('ClientContacted', 'engaged'),
    churned: ok('ClientContacted', 'churned'),
  },
  RecordEngagement: {
    unregistered: no('ClientNotFound'),
    prospect: ok('ClientEngaged', 'engaged'),
    contacted: ok('ClientEngaged', 'engaged'),
    engaged: ok('ClientEngaged', 'engaged'),
    churned: no('ClientChurned'),
  },
  FileComplaint: {
    unregistered: no('ClientNotFound'),
    prospect: no('NotAClient'),
    contacted: no('NotAClient'),
    engaged: ok('ClientComplained', 'engaged'),
    churned: ok('ClientComplained', 'churned'),
  },
  ResolveComplaint: {
    unregistered: no('ClientNotFound'),
    prospect: no('UnknownComplaint'),
    contacted: no('UnknownComplaint'),
    engaged: ok('ComplaintResolved', 'engaged'),
    churned: ok('ComplaintResolved', 'churned'),
  },
  RecordChurn: {
    unregistered: no('ClientNotFound'),
    prospect: no('NotActive'),
    contacted: no('NotActive'),
    engaged: ok('ClientChurned', 'churned'),
    churned: no('NotActive'),
  },
  ReactivateClient: {
    unregistered: no('ClientNotFound'),
    prospect: no('NotChurned'),
    contacted: no('NotChurned'),
    engaged: no('NotChurned'),
    churned: ok('ClientReactivated', 'engaged', 2),
  },
};

const CASES = Object.entries(MATRIX).flatMap(([type, byStage]) =>
  Object.entries(byStage).map(([stage, outcome]) => ({ type: type as keyof typeof COMMANDS, stage: stage as StageName, outcome })),
);

/** A client state with its sets and maps as sorted arrays, for whole-value comparison. */
const plainState = (state: ClientState) =>
  state === null ? null : { ...state, engagementIds: [...state.engagementIds].sort(), complaints: [...state.complaints].sort(([a], [b]) => (a < b ? -1 : 1)) };

describe('client decider: every command in every stage', () => {
  it.each(CASES)('$type on a $stage client', ({ type, stage, outcome }) => {
    const history = HISTORIES[stage];
    const decision = whenClient(history, COMMANDS[type]);
    if ('error' in outcome) {
      const error = thenError(decision, outcome.error, { mentions: ['C-1'] });
      expect(error.field).toBeDefined();
      return;
    }
    const event = thenEvent(decision);
    expect(event.type).toBe(outcome.event);
    const after = givenClient([...history, event]);
    expect(after?.stage).toBe(outcome.stage);
    expect(after?.lifetime).toBe(outcome.lifetime);
  });
});

describe('client decider: event data', () => {
  it('ClientRegistered holds the command fields, optional ones only when given', () => {
    const full = thenEvent(
      whenClient([], { ...COMMANDS.RegisterClient, source: 'referral', industry: 'Shipping', commandId: 'cmd-1', actor: 'ann' }),
    );
    expect(full).toStrictEqual({
      type: 'ClientRegistered',
      data: { clientId: 'C-1', name: 'Acme', ownerId: 'S-1', source: 'referral', industry: 'Shipping' },
    });
    const bare = thenEvent(whenClient([], { ...COMMANDS.RegisterClient, source: null, industry: null }));
    expect(bare.data).toStrictEqual({ clientId: 'C-1', name: 'Acme', ownerId: 'S-1' });
    expect(Object.keys(bare.data)).not.toContain('source');
    expect(Object.keys(bare.data)).not.toContain('industry');
    // Only null means absent: an empty free-text field was given, and is kept.
    const empty = thenEvent(whenClient([], { ...COMMANDS.RegisterClient, industry: '' }));
    expect(empty.data).toStrictEqual({ clientId: 'C-1', name: 'Acme', ownerId: 'S-1', industry: '' });
  });

  it('drops unknown fields and the common fields from the data', () => {
    const event = thenEvent(
      whenClient([], {
        ...COMMANDS.RegisterClient, vip: true, notes: 'x', correlationId: 'corr', causationId: 'cause', commandId: 'c',
      }),
    );
    expect(Object.keys(event.data).sort()).toEqual(['clientId', 'name', 'ownerId']);
  });

  it('ClientReassigned carries previousOwnerId, and the owner after it is the new one', () => {
    const history = [e.registered('S-1')];
    const event = thenEvent(whenClient(history, { ...COMMANDS.ReassignClient, reason: 'territory change' }));
    expect(event).toStrictEqual({
      type: 'ClientReassigned',
      data: { clientId: 'C-1', ownerId: 'S-2', previousOwnerId: 'S-1', reason: 'territory change' },
    });
    expect(givenClient([...history, event])?.ownerId).toBe('S-2');
    const back = thenEvent(whenClient([...history, event], { ...COMMANDS.ReassignClient, ownerId: 'S-1', reason: null }));
    expect(back.data).toStrictEqual({ clientId: 'C-1', ownerId: 'S-1', previousOwnerId: 'S-2' });
  });

  it('ClientContacted resolves salespersonId to the current owner when not given', () => {
    const history = [e.registered('S-1'), e.reassigned('S-2', 'S-1')];
    const event = thenEvent(whenClient(history, { ...COMMANDS.RecordContact, salespersonId: null }));
    expect(event).toStrictEqual({ type: 'ClientContacted', data: { clientId: 'C-1', channel: 'visit', salespersonId: 'S-2' } });
  });

  it('ClientContacted keeps a named contacting salesperson and the summary', () => {
    const event = thenEvent(whenClient([e.registered('S-1')], { ...COMMANDS.RecordContact, salespersonId: 'S-2', summary: 'intro call' }));
    expect(event.data).toStrictEqual({ clientId: 'C-1', channel: 'visit', salespersonId: 'S-2', summary: 'intro call' });
  });

  it('contacting through the default owner does not depend on the salesperson lookup (the owner was checked when assigned)', () => {
    const event = thenEvent(whenClient([e.registered('S-1')], COMMANDS.RecordContact, context({ salespeople: [] })));
    expect(event.data).toMatchObject({ salespersonId: 'S-1' });
  });

  it('ClientEngaged, ClientComplained, ComplaintResolved and ClientChurned hold exactly their fields', () => {
    const contacted = HISTORIES.contacted;
    expect(thenEvent(whenClient(contacted, { ...COMMANDS.RecordEngagement, serviceLine: 'audit' }))).toStrictEqual({
      type: 'ClientEngaged',
      data: { clientId: 'C-1', engagementId: 'E-9', fee: 250_000, serviceLine: 'audit' },
    });
    expect(thenEvent(whenClient(contacted, COMMANDS.RecordEngagement)).data).toStrictEqual({ clientId: 'C-1', engagementId: 'E-9', fee: 250_000 });

    const engaged = HISTORIES.engaged;
    expect(thenEvent(whenClient(engaged, { ...COMMANDS.FileComplaint, description: 'late report' }))).toStrictEqual({
      type: 'ClientComplained',
      data: { clientId: 'C-1', complaintId: 'K-9', category: 'price', severity: 'high', description: 'late report' },
    });
    expect(thenEvent(whenClient(engaged, { ...COMMANDS.ResolveComplaint, outcome: 'refund' }))).toStrictEqual({
      type: 'ComplaintResolved',
      data: { clientId: 'C-1', complaintId: 'K-1', outcome: 'refund' },
    });
    expect(thenEvent(whenClient(engaged, { ...COMMANDS.ResolveComplaint, outcome: null })).data).toStrictEqual({ clientId: 'C-1', complaintId: 'K-1' });
    expect(thenEvent(whenClient(engaged, { ...COMMANDS.RecordChurn, note: 'moved to a rival' }))).toStrictEqual({
      type: 'ClientChurned',
      data: { clientId: 'C-1', reason: 'dissatisfied', note: 'moved to a rival' },
    });
  });

  it('ClientReactivated carries the new lifetime, which grows by one at each reactivation', () => {
    const first = thenEvent(whenClient(HISTORIES.churned, { ...COMMANDS.ReactivateClient, campaign: 'spring' }));
    expect(first).toStrictEqual({
      type: 'ClientReactivated',
      data: { clientId: 'C-1', engagementId: 'E-9', fee: 80_000, campaign: 'spring', lifetime: 2 },
    });
    const again = [...HISTORIES.churned, first, e.churned()];
    const second = thenEvent(whenClient(again, { ...COMMANDS.ReactivateClient, engagementId: 'E-10' }));
    expect(second.data).toStrictEqual({ clientId: 'C-1', engagementId: 'E-10', fee: 80_000, lifetime: 3 });
    const state = givenClient([...again, second]);
    expect(state?.lifetime).toBe(3);
    expect(state?.stage).toBe('engaged');
  });
});

describe('client decider: lifecycle', () => {
  it('prospect → contacted → engaged → churned → engaged, lifetime 1 then 2', () => {
    const steps: Record<string, unknown>[] = [
      COMMANDS.RecordContact,
      { ...COMMANDS.RecordEngagement, engagementId: 'E-1' },
      { ...COMMANDS.RecordEngagement, engagementId: 'E-2' },
      COMMANDS.RecordChurn,
      { ...COMMANDS.ReactivateClient, engagementId: 'E-3' },
    ];
    const history: ClientEvent[] = [thenEvent(whenClient([], COMMANDS.RegisterClient))];
    const stages = [givenClient(history)?.stage];
    for (const step of steps) {
      history.push(thenEvent(whenClient(history, step)));
      const state = givenClient(history);
      stages.push(state?.stage);
    }
    expect(stages).toEqual(['prospect', 'contacted', 'engaged', 'engaged', 'churned', 'engaged']);
    expect(plainState(givenClient(history))).toEqual({
      clientId: 'C-1',
      ownerId: 'S-1',
      stage: 'engaged',
      lifetime: 2,
      // 250,000 + 250,000 (engagements) + 80,000 (the reactivation's fee)
      lifetimeValue: 580_000,
      engagementIds: ['E-1', 'E-2', 'E-3'],
      complaints: [],
    });
  });

  it('a contact after the prospect stage and a complaint leave the stage as it was', () => {
    const history = [...HISTORIES.churned, e.contacted('S-2'), e.complained('K-2')];
    expect(givenClient(history)?.stage).toBe('churned');
    expect(plainState(givenClient(history))?.complaints).toEqual([['K-1', false], ['K-2', false]]);
  });

  it('the initial state is no client', () => {
    expect(clientDecider.initialState).toBeNull();
  });
});

describe('client decider: evolve', () => {
  it('rejects an event before ClientRegistered as corruption', () => {
    expect(() => givenClient([e.contacted()])).toThrow(/ClientContacted before ClientRegistered/);
  });

  it('does not mutate the state it is given, and a state evolved twice keeps its branches apart', () => {
    const before = givenClient(HISTORIES.engaged);
    const snapshot = plainState(before);
    const engaged = clientDecider.evolve(before, e.engaged('E-5'));
    const resolved = clientDecider.evolve(before, e.resolved('K-1'));
    expect(plainState(before)).toEqual(snapshot);
    // Each branch sees its own event alone, however the sets and maps share their history.
    expect(engaged?.engagementIds.has('E-5')).toBe(true);
    expect(resolved?.engagementIds.has('E-5')).toBe(false);
    expect(resolved?.complaints.get('K-1')).toBe(true);
    expect(engaged?.complaints.get('K-1')).toBe(before?.complaints.get('K-1'));
    expect(clientDecider.evolve(engaged, e.engaged('E-6'))?.engagementIds.has('E-6')).toBe(true);
    expect([...(resolved?.engagementIds ?? [])]).toEqual([...(before?.engagementIds ?? [])]);
  });

  it('keeps branches apart past the size where a state stops copying its ids and shares them', () => {
    const many = [...HISTORIES.engaged, ...Array.from({ length: 40 }, (_, i) => e.engaged(`E-X${i}`)), ...Array.from({ length: 40 }, (_, i) => e.complained(`K-X${i}`))];
    const before = givenClient(many);
    const snapshot = plainState(before);
    const engaged = clientDecider.evolve(before, e.engaged('E-5'));
    const resolved = clientDecider.evolve(before, e.resolved('K-X7'));
    const again = clientDecider.evolve(before, e.engaged('E-6'));
    expect(plainState(before)).toEqual(snapshot);
    expect([engaged?.engagementIds.has('E-5'), again?.engagementIds.has('E-5'), again?.engagementIds.has('E-6')]).toEqual([true, false, true]);
    expect([resolved?.complaints.get('K-X7'), engaged?.complaints.get('K-X7')]).toEqual([true, false]);
    expect(engaged?.engagementIds.size).toBe(before!.engagementIds.size + 1);
  });
});
