import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { domainError, type DomainError } from './errors.js';
import { isEarlier } from './time/iso-text.js';

const IN_ORDER: Either<DomainError, void> = right(undefined);

/** Business time may not run backwards within a stream; equal instants are fine (SPEC §3). */
export const checkInOrder = (stream: string, occurredAt: string, lastOccurredAt: string | null): Either<DomainError, void> =>
  lastOccurredAt !== null && isEarlier(occurredAt, lastOccurredAt)
    ? left(domainError('OutOfOrder', `occurredAt ${occurredAt} is earlier than the last event of ${stream} (${lastOccurredAt})`, 'occurredAt'))
    : IN_ORDER;
