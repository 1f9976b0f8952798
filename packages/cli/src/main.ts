#!/usr/bin/env node
// The `rapport` executable: runs the shell on the process's arguments and exits with its code.
// The one place that reads process.argv and calls process.exit.
import { existsSync, readFileSync } from 'node:fs';
import { EXIT } from './exit-codes.js';
import { helpKey } from './help-key.js';
import { processIo } from './io.js';
import { standardOutput } from './output/standard-output.js';

const stdout = standardOutput();

const exit = (code: number): void => {
  // Writes to pipes and files are synchronous on POSIX, but a terminal on Windows is not: wait for
  // both. A write that failed exits from the error handler below instead.
  stdout.write('', (error) => {
    if (error === undefined || error === null) process.stderr.write('', () => process.exit(code));
  });
};

stdout.on('error', (error: NodeJS.ErrnoException) => {
  // A reader that stopped early (`rapport … | head`) is not a failure of ours.
  if (error.code === 'EPIPE') process.exit(EXIT.ok);
  // Any other: the answer did not reach its file (a full disk), so the command did not succeed.
  process.stderr.write(`rapport: cannot write the output: ${error.message}\n`, () => process.exit(EXIT.usage));
});


/**
 * The help texts the build wrote beside this file: `rapport --help` then loads no library code and
 * starts about as fast as node itself. Without the file (a build by tsc alone), run() answers.
 */
const builtHelp = (key: string | undefined): string | undefined => {
  if (key === undefined) return undefined;
  try {
    return (JSON.parse(readFileSync(new URL('./help.json', import.meta.url), 'utf8')) as Readonly<Record<string, string>>)[key];
  } catch {
    return undefined;
  }
};

/** Not a literal in import(): tsc would then look for the bundle's types, which it does not write. */
const BUNDLE = './bundle/run.js';

const args = process.argv.slice(2);
const help = builtHelp(helpKey(args));
if (help !== undefined) {
  stdout.write(help);
  exit(0);
} else {
  // The commands as the build bundled them (scripts/bundle.mjs): a few files to load instead of
  // some 250. A build by tsc alone has only the modules.
  const commands: Promise<typeof import('./run.js')> = existsSync(new URL(BUNDLE, import.meta.url)) ? import(BUNDLE) : import('./run.js');
  commands.then(({ run }) => run(args, processIo())).then(exit, (error: unknown) => {
    // Not an expected failure: a bug, so the stack helps whoever reports it.
    process.stderr.write(`rapport: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    exit(1);
  });
}
