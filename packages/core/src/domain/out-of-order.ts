import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { domainError, type DomainError } from './errors.js';

const IN_ORDER: Either<DomainError, void> = right(undefined);

/**
 * Laid out as `toISOString()` writes years 0000–9999 (what every command and event carries), so
 * text order is time order and no Date.parse is needed; any other text is parsed.
 */
const isIsoText = (text: string): boolean =>
  text.length === 24 && text[4] === '-' && text[7] === '-' && text[10] === 'T' && text[13] === ':' && text[16] === ':' && text[19] === '.' && text[23] === 'Z';

const earlier = (a: string, b: string): boolean => (isIsoText(a) && isIsoText(b) ? a < b : Date.parse(a) < Date.parse(b));

/** Business time may not run backwards within a stream; equal instants are fine (SPEC §3). */
export const checkInOrder = (stream: string, occurredAt: string, lastOccurredAt: string | null): Either<DomainError, void> =>
  lastOccurredAt !== null && earlier(occurredAt, lastOccurredAt)
    ? left(domainError('OutOfOrder', `occurredAt ${occurredAt} is earlier than the last event of ${stream} (${lastOccurredAt})`, 'occurredAt'))
    : IN_ORDER;
