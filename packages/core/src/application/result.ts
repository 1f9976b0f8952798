import type { LogPosition, RecordedEvent } from '../domain/envelope.js';
import type { DomainError } from '../domain/errors.js';

/** What executing one command came to; never thrown, so a caller can report every line of a file. */
export type ExecutionResult =
  | { readonly status: 'applied'; readonly event: RecordedEvent }
  /** `position`: the event the commandId recorded first (null only if the store did not say). */
  | { readonly status: 'duplicate'; readonly stream: string; readonly commandId: string; readonly position: LogPosition | null }
  | { readonly status: 'rejected'; readonly error: DomainError; readonly commandId: string | null };
