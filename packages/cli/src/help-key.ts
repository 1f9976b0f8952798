// Which built help text (dist/help.json, see help-texts.ts) a command line asks for. Imports
// nothing, so main.ts can answer `rapport --help` before loading any of the library.

/**
 * The help text `args` ask for, when they are one of the plain forms (`--help`, `-h`, `help`,
 * `--version`, `-V`, `WORDS --help`); undefined for anything else, which goes through run().
 */
export const helpKey = (args: readonly string[]): string | undefined => {
  const isHelp = (arg: string | undefined) => arg === '--help' || arg === '-h';
  if (args.length === 1) {
    if (isHelp(args[0]) || args[0] === 'help') return 'general';
    if (args[0] === '--version' || args[0] === '-V') return 'version';
  }
  if (args.length < 2 || !isHelp(args[args.length - 1])) return undefined;
  const words = args.slice(0, -1);
  return words.some((word) => word.startsWith('-')) ? undefined : `words:${words.join(' ')}`;
};
