// Help text, generated from the command table and the option declarations so it cannot drift.
import type { CliCommand } from './commands/command.js';
import { GLOBAL_OPTIONS } from './config/global-options.js';
import { optionSynopsis, type OptionSpecs } from './config/options.js';
import { displayWidth } from './output/index.js';

const listing = (entries: readonly (readonly [string, string])[]): string => {
  const width = Math.max(0, ...entries.map(([label]) => displayWidth(label)));
  return entries.map(([label, text]) => `  ${label}${' '.repeat(width - displayWidth(label))}  ${text}\n`).join('');
};

const optionListing = (options: OptionSpecs): string =>
  listing(Object.entries(options).map(([name, spec]) => [optionSynopsis(name, spec), spec.description]));

const EXIT_CODES = `Exit codes
  0 success   1 a domain or integrity failure (e.g. a rejected command)
  2 a usage error, an unreadable file included   3 a store that cannot be reached
`;

export const generalHelp = (commands: readonly CliCommand[]): string =>
  `Usage: rapport [options] COMMAND [operands] [options]

Rapport keeps a professional-services firm's client relationships as an event log.
Options may come before or after the command.

Commands
${listing(commands.map((command) => [`${command.name} ${command.usage}`.trim(), command.summary]))}
Global options
${optionListing(GLOBAL_OPTIONS)}
${EXIT_CODES}
Run rapport COMMAND --help for a command's details.
`;

export const commandHelp = (command: CliCommand): string => {
  const own = Object.keys(command.options).length === 0 ? '' : `\nOptions\n${optionListing(command.options)}`;
  return `Usage: rapport ${`${command.name} ${command.usage}`.trim()} [options]

${command.description}
${own}
Global options
${optionListing(GLOBAL_OPTIONS)}`;
};

/** `rapport report --help`: the reports, each with its one-line summary. */
export const groupHelp = (group: string, commands: readonly CliCommand[]): string =>
  `Usage: rapport ${group} NAME [options]

${listing(commands.map((command) => [`${command.name} ${command.usage}`.trim(), command.summary]))}
Run rapport ${group} NAME --help for one's options and output.
`;
