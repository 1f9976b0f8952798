// The CLI shell: parse the command line, run the command from the table, and turn the failures we
// expect into a one-line message and an exit code. Only main.ts leaves the process.
import { CheckpointConflict, DamagedStoredEvent, InvalidStoreLocation, StoreUnavailable, UndecodableEvent, ProjectionFailure } from '@rapport/core';
import type { CliCommand } from './commands/command.js';
import { COMMANDS } from './commands/table.js';
import { GLOBAL_OPTIONS, resolveGlobalOptions } from './config/global-options.js';
import { EXIT, UsageError, type ExitCode } from './exit-codes.js';
import { commandHelp, generalHelp, groupHelp } from './help.js';
import { cliVersion } from './version.js';
import type { CliIo } from './io.js';
import { parseInvocation } from './invocation.js';
import { setTerminalWidth } from './output/terminal.js';
import { printableLines } from './output/width.js';

export const run = async (args: readonly string[], io: CliIo, commands: readonly CliCommand[] = COMMANDS): Promise<ExitCode> => {
  // Tables fit a terminal's width; a pipe or a file gets whole lines. Set here, in the code that
  // renders them: the bin runs the commands from a bundle with its own copy of the setting, which
  // main.js once set in vain.
  const out = io.stdout as NodeJS.WritableStream & { readonly isTTY?: boolean; readonly columns?: number };
  setTerminalWidth(out.isTTY === true ? out.columns : undefined);
  try {
    const invocation = parseInvocation(args, commands);
    if (invocation.kind === 'version') {
      io.stdout.write(`rapport ${cliVersion()}\n`);
      return EXIT.ok;
    }
    if (invocation.kind === 'group-help') {
      io.stdout.write(groupHelp(invocation.group, invocation.commands));
      return EXIT.ok;
    }
    if (invocation.kind === 'help') {
      io.stdout.write(invocation.command === undefined ? generalHelp(commands) : commandHelp(invocation.command));
      return EXIT.ok;
    }
    const { command, operands, values } = invocation;
    const globals = resolveGlobalOptions(values, io.env, io.cwd);
    // A command that declares a global option's name for itself (rapport firm --tz) gets its value too.
    const options = Object.fromEntries(
      Object.entries(values).filter(([name]) => !(name in GLOBAL_OPTIONS) || name in command.options),
    );
    return await command.run({ operands, options, globals, io });
  } catch (error) {
    // Messages may quote what the user typed (a path, a URL): control characters go out escaped.
    if (error instanceof UsageError || error instanceof InvalidStoreLocation) {
      io.stderr.write(`rapport: ${printableLines(error.message)}\n`);
      return EXIT.usage;
    }
    // The log holds an event that no longer decodes (or a row that is no event at all), or a
    // projection fails on one: the message names the event; skipping it would make every report
    // silently wrong.
    if (error instanceof UndecodableEvent || error instanceof DamagedStoredEvent || error instanceof ProjectionFailure) {
      io.stderr.write(`rapport: integrity failure: ${printableLines(error.message)}\n`);
      return EXIT.failure;
    }
    if (error instanceof StoreUnavailable) {
      io.stderr.write(`rapport: store unavailable: ${printableLines(error.message)}\n`);
      return EXIT.unavailable;
    }
    // Other processes kept writing the same read models through every retry (a rebuild and a
    // projector at once, a store wiped under them): a conflict to say in one line, not a bug's trace.
    if (error instanceof CheckpointConflict) {
      io.stderr.write(`rapport: conflict: ${printableLines(error.message)}; another process is writing the same read models: run the command again\n`);
      return EXIT.failure;
    }
    throw error;
  }
};
