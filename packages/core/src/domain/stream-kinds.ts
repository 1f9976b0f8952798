// Where each command goes, declared once per kind of stream (SPEC §1–3): the stream it targets, the
// decider that rules it, the event types it holds, and the facts outside the stream its decision
// needs (the salespeople it names). The command path and the projections look kinds up here
// instead of guessing from field names.
import type { Either } from 'fp-ts/lib/Either.js';
import { clientDecider } from './client/decider.js';
import type { ClientState } from './client/state.js';
import type { ClientCommand, Command, FirmCommand, SalespersonCommand } from './commands.js';
import type { DecideContext, Decider } from './decider.js';
import type { DomainError } from './errors.js';
import type { ClientEvent, DomainEvent, FirmEvent, SalespersonEvent } from './events.js';
import { firmDecider } from './firm/decider.js';
import type { FirmState } from './firm/state.js';
import { salespersonDecider } from './salesperson/decider.js';
import type { SalespersonState } from './salesperson/state.js';
import { FIRM_STREAM, clientStream, salespersonStream } from './streams.js';

interface StreamKind<K extends string, C extends Command, E extends DomainEvent, S> {
  readonly kind: K;
  readonly commandTypes: readonly C['type'][];
  readonly eventTypes: readonly E['type'][];
  /** Does this kind own the stream named so? */
  readonly owns: (stream: string) => boolean;
  readonly streamOf: (command: C) => string;
  readonly decider: Decider<C, E, S>;
  /** Salespeople whose existence the decision checks. */
  readonly namedSalespeople: (command: C) => readonly string[];
  /**
   * Commands that start a stream of this kind: on any other stream they are refused, so a stream
   * the command path has not read is most likely new when one of them comes for it.
   */
  readonly opening: readonly C['type'][];
}

const client: StreamKind<'client', ClientCommand, ClientEvent, ClientState> = {
  kind: 'client',
  commandTypes: [
    'RegisterClient', 'ReassignClient', 'RecordContact', 'RecordEngagement', 'FileComplaint', 'ResolveComplaint',
    'RecordChurn', 'ReactivateClient',
  ],
  eventTypes: [
    'ClientRegistered', 'ClientReassigned', 'ClientContacted', 'ClientEngaged', 'ClientComplained',
    'ComplaintResolved', 'ClientChurned', 'ClientReactivated',
  ],
  owns: (stream) => stream.startsWith('client-'),
  streamOf: (command) => clientStream(command.clientId),
  decider: clientDecider,
  opening: ['RegisterClient'],
  // A contact without a salespersonId goes to the owner, who was checked when assigned.
  namedSalespeople: (command) => {
    switch (command.type) {
      case 'RegisterClient':
      case 'ReassignClient':
        return [command.ownerId];
      case 'RecordContact':
        return command.salespersonId === undefined ? [] : [command.salespersonId];
      default:
        return [];
    }
  },
};

const salesperson: StreamKind<'salesperson', SalespersonCommand, SalespersonEvent, SalespersonState> = {
  kind: 'salesperson',
  commandTypes: ['RegisterSalesperson', 'SetAnnualPlan', 'SetVisitPlan'],
  eventTypes: ['SalespersonRegistered', 'AnnualPlanSet', 'VisitPlanSet'],
  owns: (stream) => stream.startsWith('salesperson-'),
  streamOf: (command) => salespersonStream(command.salespersonId),
  decider: salespersonDecider,
  opening: ['RegisterSalesperson'],
  namedSalespeople: () => [],
};

const firm: StreamKind<'firm', FirmCommand, FirmEvent, FirmState> = {
  kind: 'firm',
  commandTypes: ['ConfigureFirm'],
  eventTypes: ['FirmConfigured'],
  owns: (stream) => stream === FIRM_STREAM,
  streamOf: () => FIRM_STREAM,
  decider: firmDecider,
  // ConfigureFirm both starts the firm stream and changes it later: no guess either way.
  opening: [],
  namedSalespeople: () => [],
};

/** A stream's decider state, tagged with its kind. */
export type StreamState =
  | { readonly kind: 'client'; readonly state: ClientState }
  | { readonly kind: 'salesperson'; readonly state: SalespersonState }
  | { readonly kind: 'firm'; readonly state: FirmState };

type AnyKind = typeof client | typeof salesperson | typeof firm;
const KINDS: readonly AnyKind[] = [client, salesperson, firm];

const kindByCommand = new Map<string, AnyKind>(KINDS.flatMap((k) => k.commandTypes.map((type) => [type, k] as const)));
const kindByEvent = new Map<string, AnyKind>(KINDS.flatMap((k) => k.eventTypes.map((type) => [type, k] as const)));

const kindOfCommand = (command: Command): AnyKind => {
  const kind = kindByCommand.get(command.type);
  if (kind === undefined) throw new Error(`command ${command.type} has no stream kind`);
  return kind;
};

const kindOfStream = (stream: string): AnyKind => {
  const kind = KINDS.find((k) => k.owns(stream));
  if (kind === undefined) throw new Error(`stream ${stream} is none of Rapport's (client-…, salesperson-…, firm)`);
  return kind;
};

export const isClientEvent = (event: DomainEvent): event is ClientEvent => kindByEvent.get(event.type) === client;
export const isSalespersonEvent = (event: DomainEvent): event is SalespersonEvent => kindByEvent.get(event.type) === salesperson;
export const isFirmEvent = (event: DomainEvent): event is FirmEvent => kindByEvent.get(event.type) === firm;

export const targetStream = (command: Command): string => {
  const kind = kindOfCommand(command);
  // The table pairs each command type with its kind, so the command is that kind's.
  return (kind.streamOf as (c: Command) => string)(command);
};

const openingCommands = new Set<string>(KINDS.flatMap((k) => k.opening));

/** Does the command start a stream (RegisterClient, RegisterSalesperson)? */
export const opensStream = (command: Command): boolean => openingCommands.has(command.type);

export const namedSalespeople = (command: Command): readonly string[] =>
  (kindOfCommand(command).namedSalespeople as (c: Command) => readonly string[])(command);

export const initialStreamState = (stream: string): StreamState => {
  const kind = kindOfStream(stream);
  return { kind: kind.kind, state: kind.decider.initialState } as StreamState;
};

export const evolveStream = (current: StreamState, event: DomainEvent): StreamState => {
  if (current.kind === 'client' && isClientEvent(event)) return { kind: 'client', state: client.decider.evolve(current.state, event) };
  if (current.kind === 'salesperson' && isSalespersonEvent(event)) {
    return { kind: 'salesperson', state: salesperson.decider.evolve(current.state, event) };
  }
  if (current.kind === 'firm' && isFirmEvent(event)) return { kind: 'firm', state: firm.decider.evolve(current.state, event) };
  throw new Error(`event ${event.type} does not belong in a ${current.kind} stream`);
};

export const decideStream = (command: Command, current: StreamState, context: DecideContext): Either<DomainError, DomainEvent> => {
  if (kindOfCommand(command).kind !== current.kind) throw new Error(`command ${command.type} does not target a ${current.kind} stream`);
  switch (current.kind) {
    case 'client':
      return client.decider.decide(command as ClientCommand, current.state, context);
    case 'salesperson':
      return salesperson.decider.decide(command as SalespersonCommand, current.state, context);
    case 'firm':
      return firm.decider.decide(command as FirmCommand, current.state, context);
  }
};
