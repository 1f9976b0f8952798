// Reads the command line: which command, its operands, its options and the global options, with
// options allowed before or after the command's name (`rapport --format json apply f` and
// `rapport apply f --format json` are the same).
import { parseArgs } from 'node:util';
import type { CliCommand } from './commands/command.js';
import { GLOBAL_OPTIONS } from './config/global-options.js';
import type { AnyOptionValues, OptionSpec, OptionSpecs } from './config/options.js';
import { UsageError } from './exit-codes.js';

export type Invocation =
  | { readonly kind: 'help'; readonly command?: CliCommand }
  /** `rapport report --help`: the members of a group of commands. */
  | { readonly kind: 'group-help'; readonly group: string; readonly commands: readonly CliCommand[] }
  | { readonly kind: 'version' }
  | {
      readonly kind: 'run';
      readonly command: CliCommand;
      readonly operands: readonly string[];
      /** Global and command options together, as parsed. */
      readonly values: AnyOptionValues;
    };

/**
 * Every option any command or the shell declares. The first pass needs them all to tell an
 * option's value from the command's name; so one name must mean the same kind of option everywhere.
 */
export const allOptions = (commands: readonly CliCommand[]): OptionSpecs => {
  const union: Record<string, OptionSpec> = { ...GLOBAL_OPTIONS };
  for (const command of commands) {
    for (const [name, spec] of Object.entries(command.options)) {
      const seen = union[name];
      if (seen !== undefined && (seen.type !== spec.type || seen.short !== spec.short || seen.multiple !== spec.multiple)) {
        throw new Error(`option --${name} of ${command.name} is declared differently elsewhere`);
      }
      union[name] = spec;
    }
  }
  return union;
};

const parseConfig = (args: readonly string[], options: OptionSpecs, strict: boolean) =>
  parseArgs({
    args: [...args],
    options: Object.fromEntries(
      // parseArgs refuses keys present with the value undefined.
      Object.entries(options).map(([name, { type, short, multiple }]) => [
        name,
        { type, ...(short === undefined ? {} : { short }), ...(multiple === undefined ? {} : { multiple }) },
      ]),
    ),
    allowPositionals: true,
    strict,
    tokens: true,
  });

/** The longest run of leading positionals that names a command; a group word alone lists its members. */
const findCommand = (positionals: readonly string[], commands: readonly CliCommand[]): CliCommand => {
  const [first = ''] = positionals;
  const exact = commands
    .filter((command) => command.words.every((word, i) => positionals[i] === word))
    .sort((a, b) => b.words.length - a.words.length)[0];
  if (exact !== undefined) return exact;
  const group = commands.filter((command) => command.words.length > 1 && command.words[0] === first);
  if (group.length > 0) {
    const names = group.map((command) => command.words.slice(1).join(' ')).join(', ');
    const given = positionals[1] === undefined ? 'needs' : `has no ${JSON.stringify(positionals[1])}; it takes`;
    throw new UsageError(`${first} ${given} one of: ${names}`);
  }
  throw new UsageError(`unknown command ${JSON.stringify(first)}; run rapport --help for the list`);
};

/** Whether `text`, given where a value was due, is one of this command's options (or `--`), not a value. */
const isOption = (text: string, known: OptionSpecs): boolean => {
  if (text === '--') return true;
  if (text.startsWith('--')) return Object.hasOwn(known, text.slice(2).split('=')[0] ?? '');
  return Object.values(known).some((spec) => spec.short !== undefined && text.startsWith(`-${spec.short}`));
};

/**
 * Checks every option against this command's and the global ones, in one line each (README: a
 * failure is one `rapport: …` line), instead of parseArgs' own multi-line messages. Returns the
 * arguments with a value that starts with a dash but is no option (`--limit -1`) joined to its
 * option (`--limit=-1`), so the option's own check can say what is wrong with it.
 */
const checkOptions = (args: readonly string[], command: CliCommand): readonly string[] => {
  const known: OptionSpecs = { ...GLOBAL_OPTIONS, ...command.options };
  /** Where an option stands apart from a value that starts with a dash, and its long name. */
  const joinAt = new Map<number, string>();
  const help = `run rapport ${command.name} --help`;
  // A known short option comes back under its long name, so one lookup covers both forms.
  for (const token of parseConfig(args, known, false).tokens) {
    if (token.kind !== 'option') continue;
    const spec = Object.hasOwn(known, token.name) ? known[token.name] : undefined;
    if (spec === undefined) throw new UsageError(`unknown option ${token.rawName} for ${command.name}; ${help}`);
    const option = `--${token.name}`;
    if (spec.type === 'boolean') {
      if (token.value !== undefined) {
        throw new UsageError(`${option} is a switch and takes no value, got ${JSON.stringify(`${token.rawName}=${token.value}`)}; give ${option} alone or leave it out`);
      }
      continue;
    }
    const example = `as in ${option} ${spec.valueName ?? 'VALUE'}`;
    if (token.value === undefined || (token.inlineValue === false && isOption(token.value, known))) {
      throw new UsageError(`${option}: needs a value, ${example}; ${help}`);
    }
    if (token.inlineValue === false && token.value.startsWith('-')) joinAt.set(token.index, option);
  }
  return args.flatMap((arg, i) => (joinAt.has(i - 1) ? [] : [joinAt.has(i) ? `${joinAt.get(i)}=${args[i + 1] ?? ''}` : arg]));
};

/** Any parseArgs failure the checks above did not foresee: its first line, without its advice about "--". */
const usageFrom = (error: unknown): UsageError => {
  const message = error instanceof Error ? error.message : String(error);
  return new UsageError(message.split('\n')[0]?.replace(/\. To specify a positional argument.*$/s, '') ?? message);
};

export const parseInvocation = (args: readonly string[], commands: readonly CliCommand[]): Invocation => {
  // Pass 1, lenient: only to find the command's name among the positionals.
  const first = parseConfig(args, allOptions(commands), false);
  const wantsHelp = first.values.help === true;
  let positionals = first.positionals;
  // Like --help, --version answers instead of running the command, wherever it stands.
  if (first.values.version === true) return { kind: 'version' };
  const group = commands.filter((command) => command.words.length > 1 && command.words[0] === positionals[0]);
  const named = commands.some((command) => command.words.every((word, i) => positionals[i] === word));
  if (group.length > 0 && !named && (wantsHelp || positionals.length === 1) && positionals[0] !== undefined) {
    // A group word alone lists its members: with --help that is the answer (exit 0), without it a usage error.
    if (wantsHelp) return { kind: 'group-help', group: positionals[0], commands: group };
  }
  if (positionals[0] === 'help') {
    if (positionals.length === 1) return { kind: 'help' };
    // `help report` lists the reports, as `report --help` does.
    const members = commands.filter((command) => command.words.length > 1 && command.words[0] === positionals[1]);
    if (positionals.length === 2 && members.length > 0 && !commands.some((command) => command.name === positionals[1])) {
      return { kind: 'group-help', group: positionals[1] ?? '', commands: members };
    }
    return { kind: 'help', command: findCommand(positionals.slice(1), commands) };
  }
  if (positionals.length === 0) {
    if (wantsHelp) return { kind: 'help' };
    throw new UsageError('no command given; run rapport --help for the list');
  }
  const command = findCommand(positionals, commands);
  if (wantsHelp) return { kind: 'help', command };

  // Pass 2, strict: exactly this command's options and the global ones.
  const checked = checkOptions(args, command);
  let parsed: ReturnType<typeof parseConfig>;
  try {
    parsed = parseConfig(checked, { ...GLOBAL_OPTIONS, ...command.options }, true);
  } catch (error) {
    throw usageFrom(error);
  }
  positionals = parsed.positionals;
  const operands = positionals.slice(command.words.length);
  const { min, max } = command.operands;
  if (operands.length < min) throw new UsageError(`${command.name} needs ${command.usage}; run rapport ${command.name} --help`);
  if (operands.length > max) {
    // `parked frob`: say the commands that start with this one's name too (parked retry POSITION).
    const longer = commands
      .filter((other) => other.words.length > command.words.length && command.words.every((word, i) => other.words[i] === word))
      .map((other) => `${other.words.slice(command.words.length).join(' ')} ${other.usage}`.trim());
    const takes = max === 0 ? 'no operands' : command.usage;
    const or = longer.length === 0 ? ',' : `, or one of: ${longer.join(', ')};`;
    throw new UsageError(`${command.name} takes ${takes}${or} got ${operands.map((o) => JSON.stringify(o)).join(' ')}`);
  }
  return { kind: 'run', command, operands, values: parsed.values as AnyOptionValues };
};
