// Executes a command file's lines in order through the executor's group commit, in batches, and
// tallies the outcome. A bad line is one rejection; it never stops the lines after it.
import { StoreUnavailable, commandIdOf, isCommandField, type CommandExecutor, type ExecutionResult } from '@rapport/core';
import { jsonTextProblem } from './json-text-check.js';
import type { SourceLine } from './lines.js';
import type { ApplySummary, Rejection } from './summary.js';

/** Big enough to amortise a transaction, small enough that a batch's results stay small. */
export const DEFAULT_BATCH_SIZE = 1000;

type Pending =
  | { readonly line: number; readonly input: unknown }
  | { readonly line: number; readonly rejection: Rejection };

const invalid = (line: number, message: string, commandId: string | null = null): Pending => ({
  line,
  rejection: { line, commandId, code: 'InvalidCommand', message },
});

const isGroup = (item: SourceLine | readonly SourceLine[]): item is readonly SourceLine[] => Array.isArray(item);

const parseLine = (source: SourceLine): Pending => {
  if ('problem' in source) return invalid(source.line, source.problem);
  let input: unknown;
  try {
    input = JSON.parse(source.text);
  } catch (error) {
    return invalid(source.line, `invalid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  // What JSON.parse rounded or dropped (a fraction read as 1, a key given twice) is refused, not applied.
  const type = typeof input === 'object' && input !== null ? (input as { type?: unknown }).type : undefined;
  const hidden = jsonTextProblem(source.text, (field) => isCommandField(type, field));
  if (hidden === null) return { line: source.line, input };
  // The line is JSON, so its commandId is known, unless it is the field given twice.
  return invalid(source.line, hidden.message, hidden.field === 'commandId' ? null : commandIdOf(input));
};

/** Where a file stands after a batch: for a progress line on a terminal. */
export interface ApplyProgress {
  readonly lines: number;
  readonly applied: number;
  readonly duplicates: number;
  readonly rejected: number;
}

export interface ApplyLinesOptions {
  readonly batchSize?: number;
  readonly onProgress?: (progress: ApplyProgress) => void;
  /**
   * Once aborted, no further line is taken: the lines already read are committed (with the batch
   * under way, if any) and the summary says where it stopped. The caller ends a read that waits.
   */
  readonly signal?: AbortSignal;
}

/** `lines` one at a time, or in groups (readLineGroups), in file order either way. */
export const applyLines = async (
  lines: AsyncIterable<SourceLine | readonly SourceLine[]>,
  executor: CommandExecutor,
  options: ApplyLinesOptions = {},
): Promise<ApplySummary> => {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  let applied = 0;
  let duplicates = 0;
  const rejected: Rejection[] = [];
  let linesRead = 0;

  const tally = (line: number, result: ExecutionResult): void => {
    if (result.status === 'applied') applied += 1;
    else if (result.status === 'duplicate') duplicates += 1;
    else rejected.push({ line, commandId: result.commandId, code: result.error.code, message: result.error.message });
  };

  // Lines that are not JSON wait in the batch too, so rejections come out in line order.
  const flush = async (batch: readonly Pending[]): Promise<void> => {
    const commands = batch.filter((pending): pending is Extract<Pending, { input: unknown }> => 'input' in pending);
    let results: ExecutionResult[];
    try {
      results = commands.length === 0 ? [] : await executor.executeBatch(commands.map((pending) => pending.input));
    } catch (error) {
      if (!(error instanceof StoreUnavailable) || batch[0] === undefined) throw error;
      const span = `lines ${batch[0].line}–${batch[batch.length - 1]?.line ?? batch[0].line}`;
      throw new StoreUnavailable(`${error.message} (while applying ${span}; ${applied} commands applied before them)`, { cause: error });
    }
    let next = 0;
    linesRead += batch.length;
    for (const pending of batch) {
      if ('rejection' in pending) {
        rejected.push(pending.rejection);
        continue;
      }
      const result = results[next++];
      if (result === undefined) throw new Error('the executor returned fewer results than commands');
      tally(pending.line, result);
    }
    options.onProgress?.({ lines: linesRead, applied, duplicates, rejected: rejected.length });
  };

  let batch: Pending[] = [];
  let lastLine = 0;
  reading: for await (const item of lines) {
    for (const source of isGroup(item) ? item : [item]) {
      // Stopped at a line: every line before it is applied or rejected once the batch is
      // committed, none from it on is taken, so applying the file again finishes it.
      if (options.signal?.aborted === true) break reading;
      batch.push(parseLine(source));
      lastLine = source.line;
      if (batch.length >= batchSize) {
        await flush(batch);
        batch = [];
      }
    }
  }
  if (batch.length > 0) await flush(batch);
  return options.signal?.aborted === true ? { applied, duplicates, rejected, stoppedAfterLine: lastLine } : { applied, duplicates, rejected };
};
