// What the library API says about an executed command: JSON-serialisable (positions are numbers),
// so a result can go straight into an HTTP response or a log line.
import { positionNumber, type EventMetadata } from '../domain/envelope.js';
import type { DomainError } from '../domain/errors.js';
import type { ExecutionResult } from './result.js';

export interface AppliedEvent {
  readonly stream: string;
  readonly streamVersion: number;
  /** The event's global position (SPEC §1); pass it to `waitFor` to read your own write. */
  readonly position: number;
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly metadata: EventMetadata;
}

export type CommandResult =
  | { readonly status: 'applied'; readonly event: AppliedEvent }
  /** The commandId was already executed on its stream; `position` is the event it recorded then. */
  | { readonly status: 'duplicate'; readonly stream: string; readonly commandId: string; readonly position: number | null }
  | { readonly status: 'rejected'; readonly error: DomainError; readonly commandId: string | null };

export const commandResultOf = (result: ExecutionResult): CommandResult => {
  switch (result.status) {
    case 'applied': {
      const { stream, streamVersion, position, type, data, metadata } = result.event;
      return { status: 'applied', event: { stream, streamVersion, position: positionNumber(position), type, data, metadata } };
    }
    case 'duplicate':
      return { ...result, position: result.position === null ? null : positionNumber(result.position) };
    case 'rejected':
      return result;
  }
};
