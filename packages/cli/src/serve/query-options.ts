// A dashboard request's query string as a report command's options: the parameter names are the
// CLI's option names (`period`, `as-of`, `known-at`, `limit`, …), so whatever a user can type after
// `rapport report NAME` they can put in the URL, and a mistake gets the CLI's own message.
import type { CliCommand } from '../commands/command.js';
import { catchUpOf, type GlobalOptions } from '../config/global-options.js';
import type { AnyOptionValues } from '../config/options.js';
import { parseTimeZone } from '../config/time-zone.js';
import { UsageError } from '../exit-codes.js';

/**
 * A query string reads an unescaped `+` as a space, so `as-of=2024-06-30T12:00:00+08:00` typed into
 * a browser or curl arrives as `…12:00:00 08:00`. A space before HH:MM after a time of day can only
 * have been that `+`: it is put back. Anything else is left for the option's own check.
 */
export const offsetPlusRestored = (value: string): string => value.replace(/^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}:\d{2})$/, '$1+$2');

/**
 * The longest parameter value any option takes (a time zone's name, a timestamp with an offset) is
 * far below this; a longer one is refused before any parser sees it, and text a request sent is
 * echoed back cut to it, so a mistake's message stays a line.
 */
export const MAX_PARAMETER_LENGTH = 200;

/** Text from the request as a message may quote it: cut to MAX_PARAMETER_LENGTH characters. */
export const echoed = (text: string): string => (text.length <= MAX_PARAMETER_LENGTH ? text : `${text.slice(0, MAX_PARAMETER_LENGTH)}…`);

/** A usage error naming the first parameter (as `label` writes its name) whose value is too long to be one. */
export const refuseLongValues = (query: URLSearchParams, label: (name: string) => string): void => {
  for (const [name, value] of query) {
    if (value.length > MAX_PARAMETER_LENGTH) {
      throw new UsageError(`${label(echoed(name))}: a value of ${value.length} characters is longer than any parameter takes (at most ${MAX_PARAMETER_LENGTH}); check the URL`);
    }
  }
};

/** The global options a request may choose for itself; every other parameter is the report's own. */
const REQUEST_GLOBALS = new Set(['tz', 'catch-up']);

/**
 * The server's global options as one request asks for them: `tz` (a zone of its own, as --tz) and
 * `catch-up=never` (answer from the read models as they stand, faster). A server started with
 * --catch-up never keeps to it: a request cannot make it open the event store.
 */
export const globalsFromQuery = (globals: GlobalOptions, query: URLSearchParams): GlobalOptions => {
  let chosen = globals;
  for (const name of REQUEST_GLOBALS) {
    const values = query.getAll(name);
    if (values.length === 0) continue;
    if (values.length > 1) throw new UsageError(`--${name} is given more than once`);
    const value = values[0]!;
    if (name === 'tz') chosen = { ...chosen, timeZone: parseTimeZone(value) };
    else if (catchUpOf(value) === 'never') chosen = { ...chosen, catchUp: 'never' };
    else if (globals.catchUp === 'never') throw new UsageError('--catch-up auto: this dashboard answers from the read models as they stand (it was started with --catch-up never)');
  }
  return chosen;
};

/** A switch (`--all`) given as `all`, `all=` or `all=true`; `all=false` is the switch left off. */
const switchValue = (name: string, value: string): boolean => {
  if (value === '' || value === 'true') return true;
  if (value === 'false') return false;
  throw new UsageError(`--${name} takes no value; as a parameter write ${name}, ${name}=true or ${name}=false, got ${JSON.stringify(value)}`);
};

export const optionsFromQuery = (command: CliCommand, query: URLSearchParams): AnyOptionValues => {
  const values: Record<string, string | boolean> = {};
  for (const [name, value] of query) {
    if (REQUEST_GLOBALS.has(name)) continue;
    const spec = Object.hasOwn(command.options, name) ? command.options[name] : undefined;
    if (spec === undefined) throw new UsageError(`unknown option --${echoed(name)} for ${command.name}; run rapport ${command.name} --help`);
    if (Object.hasOwn(values, name)) throw new UsageError(`--${name} is given more than once`);
    if (spec.type === 'boolean') values[name] = switchValue(name, value);
    else values[name] = offsetPlusRestored(value);
  }
  return values;
};
