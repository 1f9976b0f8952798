// Every help text the CLI can print, keyed by the words that ask for it, so the build can write them
// to dist/help.json and `rapport --help` can answer without loading the library (see main.ts).
// run() prints the same texts from the same functions; a test holds the two together.
import type { CliCommand } from './commands/command.js';
import { commandHelp, generalHelp, groupHelp } from './help.js';
import { cliVersion } from './version.js';

export type HelpTexts = Readonly<Record<string, string>>;

export const helpTexts = (commands: readonly CliCommand[]): HelpTexts => {
  const texts: Record<string, string> = { general: generalHelp(commands), version: `rapport ${cliVersion()}\n` };
  for (const command of commands) {
    texts[`words:${command.name}`] = commandHelp(command);
    const [group] = command.words;
    // A word that is a command itself (rapport parked) shows that command's help, as run() does.
    if (command.words.length > 1 && group !== undefined && !commands.some((c) => c.name === group)) {
      texts[`words:${group}`] = groupHelp(group, commands.filter((c) => c.words.length > 1 && c.words[0] === group));
    }
  }
  return texts;
};
