// Salesperson decisions (SPEC §2): registration once; plans only for a registered salesperson,
// a later plan for the same year or month simply replacing the earlier one in the read models.
import { left, map, right, type Either } from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { match } from 'ts-pattern';
import type { SalespersonCommand } from '../commands.js';
import type { DecideContext } from '../decider.js';
import { domainError, type DomainError } from '../errors.js';
import { eventData } from '../event-data.js';
import type { SalespersonEvent } from '../events.js';
import { checkInOrder } from '../out-of-order.js';
import { salespersonStream } from '../streams.js';
import type { SalespersonState } from './state.js';

type Decision = Either<DomainError, SalespersonEvent>;

const requireSalesperson = (
  command: Exclude<SalespersonCommand, { type: 'RegisterSalesperson' }>,
  state: SalespersonState,
  context: DecideContext,
  event: SalespersonEvent,
): Decision =>
  state === null
    ? left(domainError('SalespersonNotFound', `salesperson ${command.salespersonId} is not registered`, 'salespersonId'))
    : pipe(
        checkInOrder(salespersonStream(command.salespersonId), command.occurredAt ?? '', context.lastOccurredAt),
        map(() => event),
      );

export const decideSalesperson = (command: SalespersonCommand, state: SalespersonState, context: DecideContext): Decision =>
  match(command)
    .returnType<Decision>()
    .with({ type: 'RegisterSalesperson' }, (c) =>
      state !== null
        ? left(domainError('SalespersonAlreadyRegistered', `salesperson ${c.salespersonId} is already registered`, 'salespersonId'))
        : right({ type: 'SalespersonRegistered', data: eventData(c, ['salespersonId', 'name']) }),
    )
    .with({ type: 'SetAnnualPlan' }, (c) =>
      requireSalesperson(c, state, context, {
        type: 'AnnualPlanSet',
        data: eventData(c, ['salespersonId', 'year', 'newClientsTarget', 'newBusinessTarget']),
      }),
    )
    .with({ type: 'SetVisitPlan' }, (c) =>
      requireSalesperson(c, state, context, {
        type: 'VisitPlanSet',
        data: eventData(c, ['salespersonId', 'month', 'plannedVisits']),
      }),
    )
    .exhaustive();
