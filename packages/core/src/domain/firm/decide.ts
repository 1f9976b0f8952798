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

/**
 * SPEC §2's "at least one of the two": a rule of the command's shape, so parse-command.ts checks
 * it before a duplicate commandId is looked for (§3's order); the decider keeps it for callers
 * that decide a command nobody parsed.
 */
export const firmSettingsProblem = (command: FirmCommand): DomainError | null =>
  command.timeZone === undefined && command.keyAccountThreshold === undefined
    ? domainError('InvalidCommand', 'ConfigureFirm needs at least one of timeZone and keyAccountThreshold', 'timeZone')
    : null;

export const decideFirm = (command: FirmCommand, _state: FirmState, context: DecideContext): Either<DomainError, FirmEvent> => {
  const problem = firmSettingsProblem(command);
  return problem !== null
    ? left(problem)
    : pipe(
        checkInOrder(FIRM_STREAM, command.occurredAt ?? '', context.lastOccurredAt),
        map((): FirmEvent => ({ type: 'FirmConfigured', data: eventData(command, ['timeZone', 'keyAccountThreshold']) })),
      );
};
