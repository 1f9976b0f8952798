// Given / when / then helpers for the decider tests: commands go through parseCommand, as they do on
// the command path, so a test writes a command exactly as a caller would.
import { isLeft, isRight, type Either } from 'fp-ts/lib/Either.js';
import { expect } from 'vitest';
import { clientDecider } from '../../src/domain/client/decider.js';
import { parseCommand } from '../../src/domain/parse-command.js';
import { salespersonDecider } from '../../src/domain/salesperson/decider.js';
import { type ClientCommand, type Command, type SalespersonCommand } from '../../src/domain/commands.js';
import { type ClientEvent, type SalespersonEvent } from '../../src/domain/events.js';
import { type ClientState } from '../../src/domain/client/state.js';
import { type DecideContext } from '../../src/domain/decider.js';
import { type DomainError, type DomainErrorCode } from '../../src/domain/errors.js';
import { type SalespersonState } from '../../src/domain/salesperson/state.js';

export const AT = '2024-03-01T10:00:00Z';
export const AT_ISO = '2024-03-01T10:00:00.000Z';

/** Parses a command as the executor would; a test that means to parse something invalid uses parseCommand. */
export const command = (input: Record<string, unknown>): Command => {
  const parsed = parseCommand({ occurredAt: AT, ...input });
  if (isLeft(parsed)) throw new Error(`fixture command does not parse: ${parsed.left.message}`);
  return parsed.right;
};

export const context = (overrides: Partial<DecideContext> & { salespeople?: readonly string[] } = {}): DecideContext => {
  const salespeople = new Set(overrides.salespeople ?? ['S-1', 'S-2']);
  return {
    lastOccurredAt: overrides.lastOccurredAt ?? null,
    salespersonExists: overrides.salespersonExists ?? ((id) => salespeople.has(id)),
  };
};

export const givenClient = (history: readonly ClientEvent[]): ClientState =>
  history.reduce(clientDecider.evolve, clientDecider.initialState);

export const givenSalesperson = (history: readonly SalespersonEvent[]): SalespersonState =>
  history.reduce(salespersonDecider.evolve, salespersonDecider.initialState);

export const whenClient = (
  history: readonly ClientEvent[],
  input: Record<string, unknown>,
  ctx: DecideContext = context(),
): Either<DomainError, ClientEvent> => clientDecider.decide(command(input) as ClientCommand, givenClient(history), ctx);

export const whenSalesperson = (
  history: readonly SalespersonEvent[],
  input: Record<string, unknown>,
  ctx: DecideContext = context(),
): Either<DomainError, SalespersonEvent> =>
  salespersonDecider.decide(command(input) as SalespersonCommand, givenSalesperson(history), ctx);

export const thenEvent = <E>(decision: Either<DomainError, E>): E => {
  if (!isRight(decision)) throw new Error(`expected an event, got ${decision.left.code}: ${decision.left.message}`);
  return decision.right;
};

/** The error, checked for its code, its field and that its message names `mentions`. */
export const thenError = <E>(
  decision: Either<DomainError, E>,
  code: DomainErrorCode,
  expected: { readonly field?: string; readonly mentions?: readonly string[] } = {},
): DomainError => {
  if (!isLeft(decision)) throw new Error(`expected ${code}, got the event ${JSON.stringify(decision.right)}`);
  const error = decision.left;
  expect(error.code).toBe(code);
  if (expected.field !== undefined) expect(error.field).toBe(expected.field);
  for (const text of expected.mentions ?? []) expect(error.message).toContain(text);
  return error;
};

// Client events as the store would hold them, for building histories.
export const clientEvents = {
  registered: (ownerId = 'S-1'): ClientEvent => ({ type: 'ClientRegistered', data: { clientId: 'C-1', name: 'Acme', ownerId } }),
  reassigned: (ownerId: string, previousOwnerId: string): ClientEvent => ({
    type: 'ClientReassigned',
    data: { clientId: 'C-1', ownerId, previousOwnerId },
  }),
  contacted: (salespersonId = 'S-1'): ClientEvent => ({ type: 'ClientContacted', data: { clientId: 'C-1', channel: 'call', salespersonId } }),
  engaged: (engagementId: string, fee = 100_000): ClientEvent => ({ type: 'ClientEngaged', data: { clientId: 'C-1', engagementId, fee } }),
  complained: (complaintId: string): ClientEvent => ({
    type: 'ClientComplained',
    data: { clientId: 'C-1', complaintId, category: 'service', severity: 'low' },
  }),
  resolved: (complaintId: string): ClientEvent => ({ type: 'ComplaintResolved', data: { clientId: 'C-1', complaintId } }),
  churned: (): ClientEvent => ({ type: 'ClientChurned', data: { clientId: 'C-1', reason: 'competitor' } }),
  reactivated: (engagementId: string, lifetime: number): ClientEvent => ({
    type: 'ClientReactivated',
    data: { clientId: 'C-1', engagementId, fee: 50_000, lifetime },
  }),
};
