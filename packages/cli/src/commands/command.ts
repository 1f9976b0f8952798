// What a command is to the CLI shell: its name, operands, options, help text and what it does.
// A command module exports one `defineCommand(...)`; the table in commands/table.ts lists them all.
import type { GlobalOptions } from '../config/global-options.js';
import type { AnyOptionValues, OptionSpecs, OptionValues } from '../config/options.js';
import type { ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';

export interface CommandContext<O extends OptionSpecs> {
  /** The positional arguments after the command's name. */
  readonly operands: readonly string[];
  /** The command's own options (global ones are resolved into `globals`). */
  readonly options: OptionValues<O>;
  readonly globals: GlobalOptions;
  readonly io: CliIo;
}

export interface CommandDefinition<O extends OptionSpecs> {
  /** One word (`apply`) or a group and a word (`report lifecycle`). */
  readonly name: string;
  /** Operands as the usage line shows them: `FILE|-`, `CLIENT`, `[NAME…]`. */
  readonly usage: string;
  /** How many operands the command takes; the shell rejects any other count as a usage error. */
  readonly operands: { readonly min: number; readonly max: number };
  /** One line for the command list in `rapport --help`. */
  readonly summary: string;
  /** The body of `rapport NAME --help`: what it does, what it prints in each format, its exit codes. */
  readonly description: string;
  readonly options: O;
  /**
   * Does the work and returns the exit code. Usage mistakes throw UsageError (exit 2), an
   * unreachable store throws StoreUnavailable (exit 3); neither is caught by the command.
   */
  run(context: CommandContext<O>): Promise<ExitCode>;
}

/** A command with its option types erased, as the table holds it. */
export interface CliCommand extends Omit<CommandDefinition<OptionSpecs>, 'run'> {
  readonly words: readonly string[];
  run(context: Omit<CommandContext<OptionSpecs>, 'options'> & { readonly options: AnyOptionValues }): Promise<ExitCode>;
}

export const defineCommand = <O extends OptionSpecs>(definition: CommandDefinition<O>): CliCommand => ({
  ...definition,
  words: definition.name.split(' '),
  // The parser built these values from `definition.options` itself, so they have its shape.
  run: (context) => definition.run({ ...context, options: context.options as OptionValues<O> }),
});
