// `rapport apply FILE|-`: executes a command file in order and prints what became of each line.
import { createCommandExecutor } from '@rapport/core';
import { applyLines } from '../apply/apply-lines.js';
import { openCommandInput } from '../apply/input.js';
import { progressLine } from '../apply/progress.js';
import { readLineGroups } from '../apply/lines.js';
import { renderSummary } from '../apply/summary.js';
import { EXIT } from '../exit-codes.js';
import { withEventStore } from '../store/open.js';
import { defineCommand } from './command.js';

export const applyCommand = defineCommand({
  name: 'apply',
  usage: 'FILE|-',
  operands: { min: 1, max: 1 },
  summary: 'execute the commands of a JSON-lines file (- for standard input) in file order',
  description: `Executes the commands in FILE (or standard input for -) in file order: one JSON object
a line. Lines that are empty or white space only (after removing a trailing \\r) are
skipped; a UTF-8 byte-order mark is ignored. Every command needs occurredAt. A command
whose commandId the stream already holds is a duplicate, not an error, so applying a
file again is safe. A bad line (invalid JSON, an invalid command, a broken rule) is
reported with its 1-based physical line number and never stops the lines after it.
With --store memory: it checks a file against the rules and keeps nothing.

Output
  json   {"applied":n,"duplicates":n,"rejected":[{"line","commandId","code","message"}]}
  table  the three counts, then an aligned table of the rejected lines
  csv    header line,commandId,code,message and one row per rejected line
         (the counts go to standard error)

Ctrl-C (SIGINT) or SIGTERM stops reading: the lines already read are committed, the
summary so far printed, and the line it stopped after named; applying the file again
finishes it. A second Ctrl-C ends it at once (what was committed stays).

Exit codes
  0 nothing was rejected   1 some line was rejected
  2 usage error (missing or unreadable FILE included)   3 store cannot be reached
  130 stopped by SIGINT or SIGTERM before the end of the file`,
  options: {},
  run: async ({ operands, globals, io }) => {
    const [operand = '-'] = operands;
    const input = await openCommandInput(operand, io.stdin, io.cwd);
    const progress = 'isTTY' in io.stderr && io.stderr.isTTY === true ? progressLine(io.stderr) : undefined;
    // Ctrl-C (or SIGTERM) finishes the batch being committed and stops there, with the summary of
    // what was done; a second one ends the process at once, as Node would have.
    const stop = new AbortController();
    const onSignal = (signal: NodeJS.Signals): void => {
      if (stop.signal.aborted) process.exit(signal === 'SIGINT' ? EXIT.interrupted : 143);
      stop.abort();
      // A read waiting for more of a pipe ends, so the lines already read are committed now.
      input.close();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    try {
      const summary = await withEventStore(globals.store, (store) =>
        applyLines(readLineGroups(input.chunks), createCommandExecutor({ store, occurredAt: 'required' }), {
          signal: stop.signal,
          ...(progress === undefined ? {} : { onProgress: progress.update }),
        }),
      );
      progress?.stop();
      const rendered = renderSummary(summary, globals.format);
      io.stdout.write(rendered.stdout);
      if (rendered.stderr !== '') io.stderr.write(rendered.stderr);
      if (summary.stoppedAfterLine !== undefined) {
        io.stderr.write(
          `rapport: interrupted: stopped after line ${summary.stoppedAfterLine}, with every line up to it applied or rejected and none after it taken; apply the file again to finish (what was applied counts as duplicates)\n`,
        );
        return EXIT.interrupted;
      }
      return summary.rejected.length === 0 ? EXIT.ok : EXIT.failure;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      progress?.stop();
      input.close();
    }
  },
});
