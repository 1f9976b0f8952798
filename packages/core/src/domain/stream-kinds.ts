// Which stream a command targets, which decider rules it, and which salespeople it names.
import type { Either } from 'fp-ts/Either';
import { match } from 'ts-pattern';
import { clientDecider } from './client/decider.js';
import type { ClientState } from './client/state.js';
import type { ClientCommand, Command, SalespersonCommand } from './commands.js';
import type { DecideContext } from './decider.js';
import type { DomainError } from './errors.js';
import type { ClientEvent, DomainEvent, SalespersonEvent } from './events.js';
import { salespersonDecider } from './salesperson/decider.js';
import type { SalespersonState } from './salesperson/state.js';
import { clientStream, salespersonStream } from './streams.js';

export type StreamState = { readonly kind: 'client'; readonly state: ClientState } | { readonly kind: 'salesperson'; readonly state: SalespersonState };

export const targetStream = (command: Command): string =>
  'clientId' in command ? clientStream(command.clientId) : salespersonStream(command.salespersonId);

export const initialStreamState = (stream: string): StreamState =>
  stream.startsWith('client-')
    ? { kind: 'client', state: clientDecider.initialState }
    : { kind: 'salesperson', state: salespersonDecider.initialState };

const isClientEvent = (event: DomainEvent): event is ClientEvent => 'clientId' in event.data;
const isClientCommand = (command: Command): command is ClientCommand => 'clientId' in command;

export const evolveStream = (current: StreamState, event: DomainEvent): StreamState => {
  if (current.kind === 'client' && isClientEvent(event)) {
    return { kind: 'client', state: clientDecider.evolve(current.state, event) };
  }
  if (current.kind === 'salesperson' && !isClientEvent(event)) {
    return { kind: 'salesperson', state: salespersonDecider.evolve(current.state, event as SalespersonEvent) };
  }
  throw new Error(`event ${event.type} does not belong in a ${current.kind} stream`);
};

export const decideStream = (command: Command, current: StreamState, context: DecideContext): Either<DomainError, DomainEvent> => {
  if (current.kind === 'client' && isClientCommand(command)) return clientDecider.decide(command, current.state, context);
  if (current.kind === 'salesperson' && !isClientCommand(command)) {
    return salespersonDecider.decide(command as SalespersonCommand, current.state, context);
  }
  throw new Error(`command ${command.type} does not target a ${current.kind} stream`);
};

/** Salespeople whose existence the decision checks (the owner a contact defaults to exists already). */
export const namedSalespeople = (command: Command): readonly string[] =>
  match(command)
    .with({ type: 'RegisterClient' }, { type: 'ReassignClient' }, (c) => [c.ownerId])
    .with({ type: 'RecordContact' }, (c) => (c.salespersonId === undefined ? [] : [c.salespersonId]))
    .otherwise(() => []);

