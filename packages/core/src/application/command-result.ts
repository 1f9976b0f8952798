// What the library API says about an executed command: JSON-serialisable (positions are numbers),
// so a result can go straight into an HTTP response or a log line.
import type { DomainError } from '../domain/errors.js';
import { exportedEvent, type ExportedEvent } from '../integrity/export-format.js';
import { positionNumber } from '../domain/envelope.js';
import type { ExecutionResult } from './result.js';

/**
 * The stored event as an export line shows it (the history event plus its stream); its numeric
 * `position` is what `waitFor` takes to read your own write.
 */
export type AppliedEvent = ExportedEvent;

export type CommandResult =
  | { readonly status: 'applied'; readonly event: AppliedEvent }
  /** The commandId was already executed on its stream; `position` is the event it recorded then. */
  | { readonly status: 'duplicate'; readonly stream: string; readonly commandId: string; readonly position: number | null }
  | { readonly status: 'rejected'; readonly error: DomainError; readonly commandId: string | null };

export const commandResultOf = (result: ExecutionResult): CommandResult => {
  switch (result.status) {
    case 'applied':
      return { status: 'applied', event: exportedEvent(result.event) };
    case 'duplicate':
      return { ...result, position: result.position === null ? null : positionNumber(result.position) };
    case 'rejected':
      return result;
  }
};
