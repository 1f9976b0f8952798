// The pure core every stream is built on (after Emmett's Decider).
import type { Either } from 'fp-ts/lib/Either.js';
import type { DomainError } from './errors.js';

/** What a decision may look at besides its own stream's state. */
export interface DecideContext {
  /** occurredAt of the stream's last event, or null for a new stream. */
  readonly lastOccurredAt: string | null;
  /** Whether a salesperson stream has been appended to (existence, whatever its occurredAt). */
  readonly salespersonExists: (salespersonId: string) => boolean;
}

export interface Decider<Command, Event, State> {
  readonly initialState: State;
  readonly evolve: (state: State, event: Event) => State;
  /** One command yields exactly one event or the first failing rule (SPEC §3 check order). */
  readonly decide: (command: Command, state: State, context: DecideContext) => Either<DomainError, Event>;
}
