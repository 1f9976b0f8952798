// The firm's settings (SPEC §2): no existence check, the first ConfigureFirm creates the stream.
import { left, map, type Either } from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { FirmCommand } from '../commands.js';
import type { DecideContext } from '../decider.js';
import { domainError, type DomainError } from '../errors.js';
import { eventData } from '../event-data.js';
import type { FirmEvent } from '../events.js';
import { checkInOrder } from '../out-of-order.js';
import { FIRM_STREAM } from '../streams.js';
import type { FirmState } from './state.js';

export const decideFirm = (command: FirmCommand, _state: FirmState, context: DecideContext): Either<DomainError, FirmEvent> =>
  command.timeZone === undefined && command.keyAccountThreshold === undefined
    ? left(domainError('InvalidCommand', 'ConfigureFirm needs at least one of timeZone and keyAccountThreshold', 'timeZone'))
    : pipe(
        checkInOrder(FIRM_STREAM, command.occurredAt ?? '', context.lastOccurredAt),
        map((): FirmEvent => ({ type: 'FirmConfigured', data: eventData(command, ['timeZone', 'keyAccountThreshold']) })),
      );
