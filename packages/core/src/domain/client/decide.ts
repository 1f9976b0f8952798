// Client-relationship decisions (SPEC §3). Checks run in the spec's order: the stream exists (or,
// for RegisterClient, does not), occurredAt is in order, then the rules of the Errors column.
import { chain, left, right, type Either } from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { match } from 'ts-pattern';
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

const requireClient = (
  command: Exclude<ClientCommand, { type: 'RegisterClient' }>,
  state: ClientState,
  context: DecideContext,
  rules: (client: RegisteredClient) => Decision,
): Decision => {
  if (state === null) {
    return left(domainError('ClientNotFound', `client ${command.clientId} is not registered`, 'clientId'));
  }
  return pipe(
    checkInOrder(clientStream(command.clientId), command.occurredAt ?? '', context.lastOccurredAt),
    chain(() => rules(state)),
  );
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
export const decideClient = (command: ClientCommand, state: ClientState, context: DecideContext): Decision =>
  match(command)
    .returnType<Decision>()
    .with({ type: 'RegisterClient' }, (c) => {
      if (state !== null) {
        return left(domainError('ClientAlreadyRegistered', `client ${c.clientId} is already registered`, 'clientId'));
      }
      return pipe(
        salespersonMustExist(context, c.ownerId, 'ownerId'),
        chain(() => right({ type: 'ClientRegistered', data: eventData(c, ['clientId', 'name', 'ownerId', 'source', 'industry']) })),
      );
    })
    .with({ type: 'ReassignClient' }, (c) =>
      requireClient(c, state, context, (client) =>
        pipe(
          salespersonMustExist(context, c.ownerId, 'ownerId'),
          chain(() =>
            c.ownerId === client.ownerId
              ? left(domainError('SameOwner', `client ${c.clientId} is already owned by ${c.ownerId}`, 'ownerId'))
              : right<DomainError, ClientEvent>({
                  type: 'ClientReassigned',
                  data: { ...eventData(c, ['clientId', 'ownerId', 'reason']), previousOwnerId: client.ownerId },
                }),
          ),
        ),
      ),
    )
    .with({ type: 'RecordContact' }, (c) =>
      requireClient(c, state, context, (client) => {
        const salespersonId = c.salespersonId ?? client.ownerId;
        // Only a named contacting salesperson is looked up: the owner was checked when assigned, and
        // the command path (route.ts namedSalespeople) does not load the owner's stream.
        return pipe(
          c.salespersonId === undefined ? right(undefined) : salespersonMustExist(context, c.salespersonId, 'salespersonId'),
          chain(() =>
            right<DomainError, ClientEvent>({
              type: 'ClientContacted',
              data: { ...eventData(c, ['clientId', 'channel', 'summary']), salespersonId },
            }),
          ),
        );
      }),
    )
    .with({ type: 'RecordEngagement' }, (c) =>
      requireClient(c, state, context, (client) => {
        if (client.stage === 'churned') {
          return left(domainError('ClientChurned', `client ${c.clientId} is churned; use ReactivateClient to win it back`, 'clientId'));
        }
        return pipe(
          engagementMustBeNew(client, c.engagementId),
          chain(() => feeMustFit(client, c.fee)),
          chain(() => right({ type: 'ClientEngaged', data: eventData(c, ['clientId', 'engagementId', 'fee', 'serviceLine']) })),
        );
      }),
    )
    .with({ type: 'FileComplaint' }, (c) =>
      requireClient(c, state, context, (client) => {
        if (client.stage !== 'engaged' && client.stage !== 'churned') {
          return left(domainError('NotAClient', `client ${c.clientId} is a ${client.stage}; only engaged or churned clients can complain`, 'clientId'));
        }
        if (client.complaints.has(c.complaintId)) {
          return left(domainError('DuplicateComplaint', `complaint ${c.complaintId} is already filed for client ${c.clientId}`, 'complaintId'));
        }
        return right({
          type: 'ClientComplained',
          data: eventData(c, ['clientId', 'complaintId', 'category', 'severity', 'description']),
        });
      }),
    )
    .with({ type: 'ResolveComplaint' }, (c) =>
      requireClient(c, state, context, (client) => {
        const resolved = client.complaints.get(c.complaintId);
        if (resolved === undefined) {
          return left(domainError('UnknownComplaint', `complaint ${c.complaintId} was never filed for client ${c.clientId}`, 'complaintId'));
        }
        if (resolved) {
          return left(domainError('ComplaintAlreadyResolved', `complaint ${c.complaintId} of client ${c.clientId} is already resolved`, 'complaintId'));
        }
        return right({ type: 'ComplaintResolved', data: eventData(c, ['clientId', 'complaintId', 'outcome']) });
      }),
    )
    .with({ type: 'RecordChurn' }, (c) =>
      requireClient(c, state, context, (client) =>
        client.stage !== 'engaged'
          ? left(domainError('NotActive', `client ${c.clientId} is ${client.stage}; only an engaged client can churn`, 'clientId'))
          : right({ type: 'ClientChurned', data: eventData(c, ['clientId', 'reason', 'note']) }),
      ),
    )
    .with({ type: 'ReactivateClient' }, (c) =>
      requireClient(c, state, context, (client) => {
        if (client.stage !== 'churned') {
          return left(domainError('NotChurned', `client ${c.clientId} is ${client.stage}; only a churned client can be reactivated`, 'clientId'));
        }
        return pipe(
          engagementMustBeNew(client, c.engagementId),
          chain(() => feeMustFit(client, c.fee)),
          chain(() =>
            right<DomainError, ClientEvent>({
              type: 'ClientReactivated',
              data: { ...eventData(c, ['clientId', 'engagementId', 'fee', 'campaign']), lifetime: client.lifetime + 1 },
            }),
          ),
        );
      }),
    )
    .exhaustive();
