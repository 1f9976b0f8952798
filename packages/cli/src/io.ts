// The process edges a command may touch, passed in so commands can run in a test without a child process.
import { standardOutput } from './output/standard-output.js';

export interface CliIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly stdin: NodeJS.ReadableStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The directory the command was started from: relative store paths resolve against it. */
  readonly cwd: string;
}

/**
 * `pnpm rapport …` runs the CLI in the workspace root, wherever the user stood; the package manager
 * records that place in INIT_CWD. Only trusted when this very script is running, since INIT_CWD is
 * inherited by every process below a script (a test suite started with `pnpm test`, say).
 */
export const startingDirectory = (env: Readonly<Record<string, string | undefined>>, cwd: string): string =>
  env.npm_lifecycle_event === 'rapport' && env.INIT_CWD !== undefined && env.INIT_CWD !== '' ? env.INIT_CWD : cwd;

export const processIo = (): CliIo => ({
  stdout: standardOutput(),
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: startingDirectory(process.env, process.cwd()),
});
