// A dashboard request's query string as a report command's options: the parameter names are the
// CLI's option names (`period`, `as-of`, `known-at`, `limit`, …), so whatever a user can type after
// `rapport report NAME` they can put in the URL, and a mistake gets the CLI's own message.
import type { CliCommand } from '../commands/command.js';
import type { AnyOptionValues } from '../config/options.js';
import { UsageError } from '../exit-codes.js';

/** A switch (`--all`) given as `all`, `all=` or `all=true`; `all=false` is the switch left off. */
const switchValue = (name: string, value: string): boolean => {
  if (value === '' || value === 'true') return true;
  if (value === 'false') return false;
  throw new UsageError(`--${name} takes no value; as a parameter write ${name}, ${name}=true or ${name}=false, got ${JSON.stringify(value)}`);
};

export const optionsFromQuery = (command: CliCommand, query: URLSearchParams): AnyOptionValues => {
  const values: Record<string, string | boolean> = {};
  for (const [name, value] of query) {
    const spec = Object.hasOwn(command.options, name) ? command.options[name] : undefined;
    if (spec === undefined) throw new UsageError(`unknown option --${name} for ${command.name}; run rapport ${command.name} --help`);
    if (Object.hasOwn(values, name)) throw new UsageError(`--${name} is given more than once`);
    if (spec.type === 'boolean') values[name] = switchValue(name, value);
    else values[name] = value;
  }
  return values;
};
