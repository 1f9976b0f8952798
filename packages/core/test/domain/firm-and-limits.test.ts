// The firm's settings (SPEC §2 ConfigureFirm), the lifecycle's one home (stageAfter) and the two
// limits of SPEC §3: fees that would make a client's lifetime value inexact, and the stream-kind table.
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { firmDecider } from '../../src/domain/firm/decider.js';
import { stageAfter } from '../../src/domain/client/stage.js';
import { namedSalespeople, targetStream } from '../../src/domain/stream-kinds.js';
import { parseCommand } from '../../src/domain/parse-command.js';
import type { FirmCommand } from '../../src/domain/commands.js';
import { command, context, clientEvents as e, thenError, whenClient } from './fixtures.js';

const firmCommand = (input: Record<string, unknown>): FirmCommand => command({ type: 'ConfigureFirm', ...input }) as FirmCommand;

describe('ConfigureFirm', () => {
  it('given no settings, when the zone is configured, then FirmConfigured holds only the given field', () => {
    const decided = firmDecider.decide(firmCommand({ timeZone: 'Asia/Shanghai' }), firmDecider.initialState, context());
    expect(decided).toEqual({ _tag: 'Right', right: { type: 'FirmConfigured', data: { timeZone: 'Asia/Shanghai' } } });
  });

  it('each given field replaces the earlier value; the other keeps its value', () => {
    const s1 = firmDecider.evolve(firmDecider.initialState, { type: 'FirmConfigured', data: { timeZone: 'Asia/Shanghai', keyAccountThreshold: 5 } });
    const s2 = firmDecider.evolve(s1, { type: 'FirmConfigured', data: { keyAccountThreshold: 7 } });
    expect(s2).toEqual({ timeZone: 'Asia/Shanghai', keyAccountThreshold: 7 });
  });

  it('needs at least one of the two settings: a rule of its shape, and of the decider for a command nobody parsed', () => {
    const parsed = parseCommand({ type: 'ConfigureFirm', timeZone: null });
    expect(isLeft(parsed) && parsed.left).toMatchObject({ code: 'InvalidCommand', field: 'timeZone', message: 'ConfigureFirm needs at least one of timeZone and keyAccountThreshold' });
    const decided = firmDecider.decide({ type: 'ConfigureFirm', occurredAt: '2024-01-01T00:00:00.000Z' }, firmDecider.initialState, context());
    expect(isLeft(decided) && decided.left.code).toBe('InvalidCommand');
  });

  it('refuses a zone IANA does not know, or a re-cased one, naming timeZone', () => {
    for (const timeZone of ['Mars/Olympus', 'asia/shanghai', '']) {
      const parsed = parseCommand({ type: 'ConfigureFirm', timeZone });
      expect(isLeft(parsed) && parsed.left).toMatchObject({ code: 'InvalidCommand', field: 'timeZone' });
    }
  });

  it('refuses a negative or fractional threshold, naming keyAccountThreshold', () => {
    for (const keyAccountThreshold of [-1, 1.5, '100']) {
      const parsed = parseCommand({ type: 'ConfigureFirm', keyAccountThreshold });
      expect(isLeft(parsed) && parsed.left).toMatchObject({ code: 'InvalidCommand', field: 'keyAccountThreshold' });
    }
  });

  it('is OutOfOrder when earlier than the firm stream’s last event', () => {
    const decided = firmDecider.decide(firmCommand({ timeZone: 'UTC' }), firmDecider.initialState, context({ lastOccurredAt: '2030-01-01T00:00:00.000Z' }));
    expect(isLeft(decided) && decided.left.code).toBe('OutOfOrder');
  });
});

describe('the stream-kind table', () => {
  it('routes every command kind to its stream and names the salespeople its decision checks', () => {
    expect(targetStream(command({ type: 'ConfigureFirm', timeZone: 'UTC' }))).toBe('firm');
    expect(targetStream(command({ type: 'SetVisitPlan', salespersonId: 'S-1', month: '2024-03', plannedVisits: 3 }))).toBe('salesperson-S-1');
    expect(targetStream(command({ type: 'RecordChurn', clientId: 'C-1', reason: 'other' }))).toBe('client-C-1');
    expect(namedSalespeople(command({ type: 'RegisterClient', clientId: 'C-1', name: 'A', ownerId: 'S-9' }))).toEqual(['S-9']);
    expect(namedSalespeople(command({ type: 'RecordContact', clientId: 'C-1', channel: 'call' }))).toEqual([]);
    expect(namedSalespeople(command({ type: 'RecordContact', clientId: 'C-1', channel: 'call', salespersonId: 'S-2' }))).toEqual(['S-2']);
  });
});

describe('stageAfter: the lifecycle rules in one place', () => {
  it('moves prospect → contacted → engaged → churned → engaged, and leaves the stage where other events do', () => {
    expect(stageAfter(null, e.registered())).toBe('prospect');
    expect(stageAfter('prospect', e.contacted())).toBe('contacted');
    expect(stageAfter('engaged', e.contacted())).toBe('engaged');
    expect(stageAfter('churned', e.contacted())).toBe('churned');
    expect(stageAfter('contacted', e.engaged('E-1'))).toBe('engaged');
    expect(stageAfter('engaged', e.churned())).toBe('churned');
    expect(stageAfter('churned', e.complained('K-1'))).toBe('churned');
  });
});

describe('fees stay exact (SPEC §3)', () => {
  const MAX = Number.MAX_SAFE_INTEGER;

  it('given a lifetime value near 2^53−1, when a fee would pass it, then InvalidCommand naming fee', () => {
    const history = [e.registered(), e.engaged('E-1', MAX - 10)];
    const decided = whenClient(history, { type: 'RecordEngagement', clientId: 'C-1', engagementId: 'E-2', fee: 11 });
    thenError(decided, 'InvalidCommand');
    expect(isLeft(decided) && decided.left.field).toBe('fee');
  });

  it('a fee that reaches exactly 2^53−1 is accepted', () => {
    const history = [e.registered(), e.engaged('E-1', MAX - 10)];
    expect(isRight(whenClient(history, { type: 'RecordEngagement', clientId: 'C-1', engagementId: 'E-2', fee: 10 }))).toBe(true);
  });

  it('is checked after the rules of the Errors column: DuplicateEngagement comes first', () => {
    const history = [e.registered(), e.engaged('E-1', MAX - 10)];
    thenError(whenClient(history, { type: 'RecordEngagement', clientId: 'C-1', engagementId: 'E-1', fee: 11 }), 'DuplicateEngagement');
  });

  it('counts reactivation fees too', () => {
    const history = [e.registered(), e.engaged('E-1', MAX - 10), e.churned()];
    const decided = whenClient(history, { type: 'ReactivateClient', clientId: 'C-1', engagementId: 'E-2', fee: 11 });
    expect(isLeft(decided) && decided.left).toMatchObject({ code: 'InvalidCommand', field: 'fee' });
  });
});
