// The salesperson decider (SPEC §2): registration once, plans only for a registered salesperson.
import { describe, expect, it } from 'vitest';
import { salespersonDecider } from '../../src/domain/salesperson/decider.js';
import { type DomainErrorCode } from '../../src/domain/errors.js';
import { type SalespersonEvent } from '../../src/domain/events.js';
import { AT_ISO, context, givenSalesperson, thenError, thenEvent, whenSalesperson } from './fixtures.js';

const registered: SalespersonEvent = { type: 'SalespersonRegistered', data: { salespersonId: 'S-1', name: 'Li Wei' } };

const COMMANDS = {
  RegisterSalesperson: { type: 'RegisterSalesperson', salespersonId: 'S-1', name: 'Li Wei' },
  SetAnnualPlan: { type: 'SetAnnualPlan', salespersonId: 'S-1', year: 2024, newClientsTarget: 12, newBusinessTarget: 50_000_000 },
  SetVisitPlan: { type: 'SetVisitPlan', salespersonId: 'S-1', month: '2024-03', plannedVisits: 20 },
} as const;

describe('salesperson decider: every command, registered or not', () => {
  const ROWS: { type: keyof typeof COMMANDS; history: SalespersonEvent[]; then: SalespersonEvent['type'] | DomainErrorCode }[] = [
    { type: 'RegisterSalesperson', history: [], then: 'SalespersonRegistered' },
    { type: 'RegisterSalesperson', history: [registered], then: 'SalespersonAlreadyRegistered' },
    { type: 'SetAnnualPlan', history: [], then: 'SalespersonNotFound' },
    { type: 'SetAnnualPlan', history: [registered], then: 'AnnualPlanSet' },
    { type: 'SetVisitPlan', history: [], then: 'SalespersonNotFound' },
    { type: 'SetVisitPlan', history: [registered], then: 'VisitPlanSet' },
  ];
  it.each(ROWS)('$type after $history.length events: $then', (row) => {
    const decision = whenSalesperson(row.history, COMMANDS[row.type]);
    if (row.then === 'SalespersonAlreadyRegistered' || row.then === 'SalespersonNotFound') {
      thenError(decision, row.then, { field: 'salespersonId', mentions: ['S-1'] });
    } else expect(thenEvent(decision).type).toBe(row.then);
  });
});

describe('salesperson decider: event data', () => {
  it('SalespersonRegistered holds salespersonId and name only', () => {
    const event = thenEvent(whenSalesperson([], { ...COMMANDS.RegisterSalesperson, region: 'north', commandId: 'c-1', actor: 'hr' }));
    expect(event).toStrictEqual({ type: 'SalespersonRegistered', data: { salespersonId: 'S-1', name: 'Li Wei' } });
  });

  it('AnnualPlanSet holds the plan, zero targets included', () => {
    expect(thenEvent(whenSalesperson([registered], { ...COMMANDS.SetAnnualPlan, extra: 1 }))).toStrictEqual({
      type: 'AnnualPlanSet',
      data: { salespersonId: 'S-1', year: 2024, newClientsTarget: 12, newBusinessTarget: 50_000_000 },
    });
    const zero = thenEvent(whenSalesperson([registered], { ...COMMANDS.SetAnnualPlan, newClientsTarget: 0, newBusinessTarget: 0 }));
    expect(zero.data).toStrictEqual({ salespersonId: 'S-1', year: 2024, newClientsTarget: 0, newBusinessTarget: 0 });
  });

  it('VisitPlanSet holds the plan', () => {
    expect(thenEvent(whenSalesperson([registered], COMMANDS.SetVisitPlan))).toStrictEqual({
      type: 'VisitPlanSet',
      data: { salespersonId: 'S-1', month: '2024-03', plannedVisits: 20 },
    });
  });

  it('a later plan for the same year or month is accepted (it replaces the earlier in the read models)', () => {
    const first = thenEvent(whenSalesperson([registered], COMMANDS.SetAnnualPlan));
    const second = thenEvent(whenSalesperson([registered, first], { ...COMMANDS.SetAnnualPlan, newClientsTarget: 15 }));
    expect(second.data).toMatchObject({ year: 2024, newClientsTarget: 15 });
    const visits = thenEvent(whenSalesperson([registered], COMMANDS.SetVisitPlan));
    thenEvent(whenSalesperson([registered, visits], { ...COMMANDS.SetVisitPlan, plannedVisits: 0 }));
  });
});

describe('salesperson decider: check order', () => {
  const later = '2024-03-02T00:00:00.000Z';

  it('SalespersonNotFound before OutOfOrder', () => {
    thenError(whenSalesperson([], COMMANDS.SetAnnualPlan, context({ lastOccurredAt: later })), 'SalespersonNotFound');
  });

  it('SalespersonAlreadyRegistered whatever the occurredAt', () => {
    thenError(whenSalesperson([registered], COMMANDS.RegisterSalesperson, context({ lastOccurredAt: later })), 'SalespersonAlreadyRegistered', {
      field: 'salespersonId',
    });
  });

  it('OutOfOrder names occurredAt, the stream and both instants; equal is fine', () => {
    for (const input of [COMMANDS.SetAnnualPlan, COMMANDS.SetVisitPlan]) {
      thenError(whenSalesperson([registered], input, context({ lastOccurredAt: later })), 'OutOfOrder', {
        field: 'occurredAt',
        mentions: ['salesperson-S-1', AT_ISO, later],
      });
      thenEvent(whenSalesperson([registered], input, context({ lastOccurredAt: AT_ISO })));
    }
  });
});

describe('salesperson decider: evolve', () => {
  it('remembers that the salesperson exists; plans do not change the state', () => {
    expect(salespersonDecider.initialState).toBeNull();
    const state = givenSalesperson([registered]);
    expect(state).toEqual({ salespersonId: 'S-1' });
    const plan: SalespersonEvent = { type: 'VisitPlanSet', data: { salespersonId: 'S-1', month: '2024-03', plannedVisits: 3 } };
    expect(salespersonDecider.evolve(state, plan)).toBe(state);
  });
});
