// Client-relationship decisions (SPEC §3). Checks run in the spec's order: the stream exists (or,
// for RegisterClient, does not), occurredAt is in order, then the rules of the Errors column.
// A `switch` with a `never` check rather than ts-pattern and fp-ts pipes: this runs once per
// command, and in W1's profile the matcher and the pipes cost more than the rules themselves.
import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import type { ClientCommand } from '../commands.js';
import type { DecideContext } from '../decider.js';
import { domainError, type DomainError } from '../errors.js';
import { eventData } from '../event-data.js';
import type { ClientEvent } from '../events.js';
import { checkInOrder } from '../out-of-order.js';
import { clientStream } from '../streams.js';
import type { ClientState, RegisteredClient } from './state.js';

type Decision = Either<DomainError, ClientEvent>;

const salespersonMustExist = (context: DecideContext, id: string, field: string): Either<DomainError, void> =>
  context.salespersonExists(id)
    ? right(undefined)
    : left(domainError('SalespersonNotFound', `salesperson ${id} is not registered (${field})`, field));

/** The registered client a command other than RegisterClient needs, its occurredAt in order. */
const existingClient = (
  command: Exclude<ClientCommand, { type: 'RegisterClient' }>,
  state: ClientState,
  context: DecideContext,
): Either<DomainError, RegisteredClient> => {
  if (state === null) {
    return left(domainError('ClientNotFound', `client ${command.clientId} is not registered`, 'clientId'));
  }
  const inOrder = checkInOrder(clientStream(command.clientId), command.occurredAt ?? '', context.lastOccurredAt);
  return isLeft(inOrder) ? inOrder : right(state);
};

const engagementMustBeNew = (client: RegisteredClient, engagementId: string): Either<DomainError, void> =>
  client.engagementIds.has(engagementId)
    ? left(domainError('DuplicateEngagement', `engagement ${engagementId} is already recorded for client ${client.clientId}`, 'engagementId'))
    : right(undefined);

/** SPEC §3: no sum over one client may pass 2^53−1, so every report total stays exact. */
const feeMustFit = (client: RegisteredClient, fee: number): Either<DomainError, void> =>
  fee > Number.MAX_SAFE_INTEGER - client.lifetimeValue
    ? left(
        domainError(
          'InvalidCommand',
          `fee ${fee} would take client ${client.clientId}'s lifetime value past ${Number.MAX_SAFE_INTEGER} (2^53−1); it is ${client.lifetimeValue}`,
          'fee',
        ),
      )
    : right(undefined);

/** `command.occurredAt` must be resolved (file value or the API's clock) before deciding. */
export const decideClient = (command: ClientCommand, state: ClientState, context: DecideContext): Decision => {
  switch (command.type) {
    case 'RegisterClient': {
      if (state !== null) {
        return left(domainError('ClientAlreadyRegistered', `client ${command.clientId} is already registered`, 'clientId'));
      }
      const owner = salespersonMustExist(context, command.ownerId, 'ownerId');
      if (isLeft(owner)) return owner;
      return right({ type: 'ClientRegistered', data: eventData(command, ['clientId', 'name', 'ownerId', 'source', 'industry']) });
    }
    case 'ReassignClient': {
      const existing = existingClient(command, state, context);
      if (isLeft(existing)) return existing;
      const client = existing.right;
      const owner = salespersonMustExist(context, command.ownerId, 'ownerId');
      if (isLeft(owner)) return owner;
      if (command.ownerId === client.ownerId) {
        return left(domainError('SameOwner', `client ${command.clientId} is already owned by ${command.ownerId}`, 'ownerId'));
      }
      return right({
        type: 'ClientReassigned',
        data: { ...eventData(command, ['clientId', 'ownerId', 'reason']), previousOwnerId: client.ownerId },
      });
    }
    case 'RecordContact': {
      const existing = existingClient(command, state, context);
      if (isLeft(existing)) return existing;
      const client = existing.right;
      // Only a named contacting salesperson is looked up: the owner was checked when assigned, and
      // the command path (stream-kinds.ts namedSalespeople) does not load the owner's stream.
      if (command.salespersonId !== undefined) {
        const named = salespersonMustExist(context, command.salespersonId, 'salespersonId');
        if (isLeft(named)) return named;
      }
      const salespersonId = command.salespersonId ?? client.ownerId;
      return right({ type: 'ClientContacted', data: { ...eventData(command, ['clientId', 'channel', 'summary']), salespersonId } });
    }
    case 'RecordEngagement': {
      const existing = existingClient(command, state, context);
      if (isLeft(existing)) return existing;
      const client = existing.right;
      if (client.stage === 'churned') {
        return left(domainError('ClientChurned', `client ${command.clientId} is churned; use ReactivateClient to win it back`, 'clientId'));
      }
      const rule = engagementMustBeNew(client, command.engagementId);
      if (isLeft(rule)) return rule;
      const fits = feeMustFit(client, command.fee);
      if (isLeft(fits)) return fits;
      return right({ type: 'ClientEngaged', data: eventData(command, ['clientId', 'engagementId', 'fee', 'serviceLine']) });
    }
    case 'FileComplaint': {
      const existing = existingClient(command, state, context);
      if (isLeft(existing)) return existing;
      const client = existing.right;
      if (client.stage !== 'engaged' && client.stage !== 'churned') {
        return left(domainError('NotAClient', `client ${command.clientId} is a ${client.stage}; only engaged or churned clients can complain`, 'clientId'));
      }
      if (client.complaints.has(command.complaintId)) {
        return left(domainError('DuplicateComplaint', `complaint ${command.complaintId} is already filed for client ${command.clientId}`, 'complaintId'));
      }
      return right({
        type: 'ClientComplained',
        data: eventData(command, ['clientId', 'complaintId', 'category', 'severity', 'description']),
      });
    }
    case 'ResolveComplaint': {
      const existing = existingClient(command, state, context);
      if (isLeft(existing)) return existing;
      const client = existing.right;
      const resolved = client.complaints.get(command.complaintId);
      if (resolved === undefined) {
        return left(domainError('UnknownComplaint', `complaint ${command.complaintId} was never filed for client ${command.clientId}`, 'complaintId'));
      }
      if (resolved) {
        return left(domainError('ComplaintAlreadyResolved', `complaint ${command.complaintId} of client ${command.clientId} is already resolved`, 'complaintId'));
      }
      return right({ type: 'ComplaintResolved', data: eventData(command, ['clientId', 'complaintId', 'outcome']) });
    }
    case 'RecordChurn': {
      const existing = existingClient(command, state, context);
      if (isLeft(existing)) return existing;
      const client = existing.right;
      if (client.stage !== 'engaged') {
        return left(domainError('NotActive', `client ${command.clientId} is ${client.stage}; only an engaged client can churn`, 'clientId'));
      }
      return right({ type: 'ClientChurned', data: eventData(command, ['clientId', 'reason', 'note']) });
    }
    case 'ReactivateClient': {
      const existing = existingClient(command, state, context);
      if (isLeft(existing)) return existing;
      const client = existing.right;
      if (client.stage !== 'churned') {
        return left(domainError('NotChurned', `client ${command.clientId} is ${client.stage}; only a churned client can be reactivated`, 'clientId'));
      }
      const rule = engagementMustBeNew(client, command.engagementId);
      if (isLeft(rule)) return rule;
      const fits = feeMustFit(client, command.fee);
      if (isLeft(fits)) return fits;
      return right({
        type: 'ClientReactivated',
        data: { ...eventData(command, ['clientId', 'engagementId', 'fee', 'campaign']), lifetime: client.lifetime + 1 },
      });
    }
    default: {
      const unhandled: never = command;
      throw new Error(`unhandled client command ${(unhandled as ClientCommand).type}`);
    }
  }
};
