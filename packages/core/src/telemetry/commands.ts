// A span and a count for every command an executor runs: its name, its stream, how it ended
// (applied, duplicate, rejected with the spec's code, or error when the store failed). The span's
// attributes are built only when an SDK records it (Span.isRecording), so the command path pays for
// a no-op span and a no-op counter when no SDK is registered (bench/command-telemetry.ts).
import { isRight } from 'fp-ts/lib/Either.js';
import { SpanStatusCode, type Attributes, type Span } from '@opentelemetry/api';
import { parseCommand } from '../domain/parse-command.js';
import { targetStream } from '../domain/stream-kinds.js';
import type { ExecutionResult } from '../application/result.js';
import { ATTRIBUTE, SPAN, instruments, tracer } from './instruments.js';

/** What the instrumentation wraps: an executor's two entry points. */
export interface Executes {
  execute(input: unknown): Promise<ExecutionResult>;
  executeBatch(inputs: readonly unknown[]): Promise<ExecutionResult[]>;
}

const commandName = (input: unknown): string => {
  try {
    return typeof input === 'object' && input !== null && 'type' in input && typeof input.type === 'string' ? input.type : 'unknown';
  } catch {
    // A getter or Proxy trap of the caller's that throws: the command was refused for it.
    return 'unknown';
  }
};

/** The stream a result names, or for a rejection the one the command was aimed at (if it parses). */
const streamOf = (input: unknown, result: ExecutionResult): string | undefined => {
  if (result.status === 'applied') return result.event.stream;
  if (result.status === 'duplicate') return result.stream;
  const parsed = parseCommand(input);
  return isRight(parsed) ? targetStream(parsed.right) : undefined;
};

/** The same executor, each command traced and counted. */
export const instrumentExecutor = <E extends Executes>(executor: E): E => {
  const { commands } = instruments();
  const spans = tracer();

  const ended = (input: unknown, result: ExecutionResult, span: Span): void => {
    const name = commandName(input);
    const counted: Attributes =
      result.status === 'rejected'
        ? { [ATTRIBUTE.commandName]: name, [ATTRIBUTE.commandOutcome]: result.status, [ATTRIBUTE.commandCode]: result.error.code }
        : { [ATTRIBUTE.commandName]: name, [ATTRIBUTE.commandOutcome]: result.status };
    commands.add(1, counted);
    if (span.isRecording()) {
      const stream = streamOf(input, result);
      span.setAttributes(stream === undefined ? counted : { ...counted, [ATTRIBUTE.stream]: stream });
    }
    span.end();
  };

  const failed = (input: unknown, error: unknown, span: Span): void => {
    const counted = { [ATTRIBUTE.commandName]: commandName(input), [ATTRIBUTE.commandOutcome]: 'error' };
    commands.add(1, counted);
    if (span.isRecording()) {
      span.setAttributes(counted);
      if (error instanceof Error) span.recordException(error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
    }
    span.end();
  };

  return {
    ...executor,
    // then() rather than an async wrapper: one promise less on every command.
    execute: (input: unknown): Promise<ExecutionResult> => {
      const span = spans.startSpan(SPAN.command);
      return executor.execute(input).then(
        (result) => {
          ended(input, result, span);
          return result;
        },
        (error: unknown) => {
          failed(input, error, span);
          throw error;
        },
      );
    },
    // One span per command, all ending when the batch's single append does: that is when each
    // command's outcome is known.
    executeBatch: async (inputs: readonly unknown[]): Promise<ExecutionResult[]> => {
      const started = inputs.map(() => spans.startSpan(SPAN.command));
      let results: ExecutionResult[];
      try {
        results = await executor.executeBatch(inputs);
      } catch (error) {
        started.forEach((span, n) => failed(inputs[n], error, span));
        throw error;
      }
      results.forEach((result, n) => {
        const span = started[n];
        if (span !== undefined) ended(inputs[n], result, span);
      });
      return results;
    },
  };
};
