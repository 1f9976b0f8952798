// The client-relationship decider (SPEC §3) when it rejects: the field and the ids each error names,
// and the order in which the checks run.
import { describe, expect, it } from 'vitest';
import { clientDecider } from '../../src/domain/client/decider.js';
import { type ClientEvent } from '../../src/domain/events.js';
import { type RegisteredClient } from '../../src/domain/client/state.js';
import { COMMANDS, HISTORIES } from './client-histories-and-commands.js';
import { AT_ISO, clientEvents as e, command, context, thenError, thenEvent, whenClient } from './fixtures.js';

describe('client decider: errors name the field and the ids', () => {
  it('ClientNotFound names clientId', () => {
    thenError(whenClient([], { ...COMMANDS.RecordChurn, clientId: 'C-404' }), 'ClientNotFound', { field: 'clientId', mentions: ['C-404'] });
  });

  it('ClientAlreadyRegistered names clientId', () => {
    thenError(whenClient(HISTORIES.prospect, COMMANDS.RegisterClient), 'ClientAlreadyRegistered', { field: 'clientId', mentions: ['C-1'] });
  });

  it('SalespersonNotFound names ownerId on RegisterClient and ReassignClient', () => {
    thenError(whenClient([], { ...COMMANDS.RegisterClient, ownerId: 'S-404' }), 'SalespersonNotFound', { field: 'ownerId', mentions: ['S-404'] });
    thenError(whenClient(HISTORIES.prospect, { ...COMMANDS.ReassignClient, ownerId: 'S-404' }), 'SalespersonNotFound', {
      field: 'ownerId',
      mentions: ['S-404'],
    });
  });

  it('SalespersonNotFound names salespersonId on RecordContact', () => {
    thenError(whenClient(HISTORIES.prospect, { ...COMMANDS.RecordContact, salespersonId: 'S-404' }), 'SalespersonNotFound', {
      field: 'salespersonId',
      mentions: ['S-404'],
    });
  });

  it('SameOwner names ownerId', () => {
    thenError(whenClient(HISTORIES.engaged, { ...COMMANDS.ReassignClient, ownerId: 'S-1' }), 'SameOwner', { field: 'ownerId', mentions: ['C-1', 'S-1'] });
  });

  it('DuplicateEngagement names engagementId, across ClientEngaged and ClientReactivated alike', () => {
    thenError(whenClient(HISTORIES.engaged, { ...COMMANDS.RecordEngagement, engagementId: 'E-1' }), 'DuplicateEngagement', {
      field: 'engagementId',
      mentions: ['E-1'],
    });
    thenError(whenClient(HISTORIES.churned, { ...COMMANDS.ReactivateClient, engagementId: 'E-1' }), 'DuplicateEngagement', {
      field: 'engagementId',
      mentions: ['E-1'],
    });
    const reactivated = [...HISTORIES.churned, e.reactivated('E-2', 2)];
    thenError(whenClient(reactivated, { ...COMMANDS.RecordEngagement, engagementId: 'E-2' }), 'DuplicateEngagement', {
      field: 'engagementId',
      mentions: ['E-2'],
    });
  });

  it('DuplicateComplaint names complaintId, even for a resolved complaint', () => {
    thenError(whenClient(HISTORIES.engaged, { ...COMMANDS.FileComplaint, complaintId: 'K-1' }), 'DuplicateComplaint', {
      field: 'complaintId',
      mentions: ['K-1'],
    });
    const resolved = [...HISTORIES.engaged, e.resolved('K-1')];
    thenError(whenClient(resolved, { ...COMMANDS.FileComplaint, complaintId: 'K-1' }), 'DuplicateComplaint', { field: 'complaintId' });
  });

  it('UnknownComplaint and ComplaintAlreadyResolved name complaintId', () => {
    thenError(whenClient(HISTORIES.engaged, { ...COMMANDS.ResolveComplaint, complaintId: 'K-404' }), 'UnknownComplaint', {
      field: 'complaintId',
      mentions: ['K-404'],
    });
    thenError(whenClient([...HISTORIES.engaged, e.resolved('K-1')], COMMANDS.ResolveComplaint), 'ComplaintAlreadyResolved', {
      field: 'complaintId',
      mentions: ['K-1'],
    });
  });

  it('stage rules name the client and the stage it is in', () => {
    thenError(whenClient(HISTORIES.churned, COMMANDS.RecordEngagement), 'ClientChurned', { mentions: ['C-1', 'ReactivateClient'] });
    thenError(whenClient(HISTORIES.contacted, COMMANDS.FileComplaint), 'NotAClient', { mentions: ['C-1', 'contacted'] });
    thenError(whenClient(HISTORIES.prospect, COMMANDS.RecordChurn), 'NotActive', { mentions: ['C-1', 'prospect'] });
    thenError(whenClient(HISTORIES.engaged, COMMANDS.ReactivateClient), 'NotChurned', { mentions: ['C-1', 'engaged'] });
  });
});

describe('client decider: check order', () => {
  const later = '2024-03-01T10:00:00.001Z';

  it('ClientNotFound before OutOfOrder', () => {
    thenError(whenClient([], COMMANDS.RecordContact, context({ lastOccurredAt: later })), 'ClientNotFound');
  });

  it('ClientAlreadyRegistered before SalespersonNotFound', () => {
    thenError(whenClient(HISTORIES.prospect, { ...COMMANDS.RegisterClient, ownerId: 'S-404' }), 'ClientAlreadyRegistered');
  });

  it('OutOfOrder (field occurredAt, naming the stream and both instants) before every rule error', () => {
    const cases: [readonly ClientEvent[], Record<string, unknown>][] = [
      [HISTORIES.prospect, { ...COMMANDS.ReassignClient, ownerId: 'S-404' }],
      [HISTORIES.prospect, { ...COMMANDS.ReassignClient, ownerId: 'S-1' }],
      [HISTORIES.prospect, { ...COMMANDS.RecordContact, salespersonId: 'S-404' }],
      [HISTORIES.churned, COMMANDS.RecordEngagement],
      [HISTORIES.engaged, { ...COMMANDS.RecordEngagement, engagementId: 'E-1' }],
      [HISTORIES.prospect, COMMANDS.FileComplaint],
      [HISTORIES.engaged, { ...COMMANDS.FileComplaint, complaintId: 'K-1' }],
      [HISTORIES.engaged, { ...COMMANDS.ResolveComplaint, complaintId: 'K-404' }],
      [HISTORIES.prospect, COMMANDS.RecordChurn],
      [HISTORIES.engaged, COMMANDS.ReactivateClient],
    ];
    for (const [history, input] of cases) {
      thenError(whenClient(history, input, context({ lastOccurredAt: later })), 'OutOfOrder', {
        field: 'occurredAt',
        mentions: ['client-C-1', AT_ISO, later],
      });
    }
  });

  it('an occurredAt equal to the last event is in order, and so is a later one', () => {
    thenEvent(whenClient(HISTORIES.prospect, COMMANDS.RecordContact, context({ lastOccurredAt: AT_ISO })));
    thenEvent(whenClient(HISTORIES.prospect, COMMANDS.RecordContact, context({ lastOccurredAt: '2024-03-01T09:59:59.999Z' })));
  });

  it('ClientChurned before DuplicateEngagement', () => {
    thenError(whenClient(HISTORIES.churned, { ...COMMANDS.RecordEngagement, engagementId: 'E-1' }), 'ClientChurned');
  });

  it('NotChurned before DuplicateEngagement', () => {
    thenError(whenClient(HISTORIES.engaged, { ...COMMANDS.ReactivateClient, engagementId: 'E-1' }), 'NotChurned');
  });

  it('NotAClient before DuplicateComplaint', () => {
    // No history reaches this state through the decider (a complaint needs an engaged client and a
    // client never returns to contacted), so the state is written out: the order must hold anyway.
    const state: RegisteredClient = {
      clientId: 'C-1', ownerId: 'S-1', stage: 'contacted', lifetime: 1, lifetimeValue: 0, engagementIds: new Set(), complaints: new Map([['K-1', false]]),
    };
    const decision = clientDecider.decide(command({ ...COMMANDS.FileComplaint, complaintId: 'K-1' }) as never, state, context());
    thenError(decision, 'NotAClient');
  });

  it('SalespersonNotFound before SameOwner', () => {
    // The current owner named again but not known to the lookup: the existence check comes first.
    thenError(whenClient(HISTORIES.prospect, { ...COMMANDS.ReassignClient, ownerId: 'S-1' }, context({ salespeople: ['S-2'] })), 'SalespersonNotFound', {
      field: 'ownerId',
    });
  });

  it('UnknownComplaint before ComplaintAlreadyResolved: a resolved complaint is known', () => {
    thenError(whenClient([...HISTORIES.engaged, e.resolved('K-1')], COMMANDS.ResolveComplaint), 'ComplaintAlreadyResolved');
    thenError(whenClient([...HISTORIES.engaged, e.resolved('K-1')], { ...COMMANDS.ResolveComplaint, complaintId: 'K-2' }), 'UnknownComplaint');
  });

  it('existence of a salesperson is whatever the lookup says, whatever the occurredAt', () => {
    let asked: string[] = [];
    const ctx = context({ salespersonExists: (id) => (asked.push(id), id === 'S-7') });
    thenEvent(whenClient([], { ...COMMANDS.RegisterClient, ownerId: 'S-7' }, ctx));
    expect(asked).toEqual(['S-7']);
    asked = [];
    thenEvent(whenClient(HISTORIES.prospect, { ...COMMANDS.ReassignClient, ownerId: 'S-7' }, ctx));
    expect(asked).toEqual(['S-7']);
  });
});
