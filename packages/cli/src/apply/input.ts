// Opens the command file (or stdin for "-") before anything touches the store, so a missing or
// unreadable file is a usage error and leaves no database behind.
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../exit-codes.js';

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'a directory in the path is a file',
  ELOOP: 'too many symbolic links',
};

const reasonOf = (error: unknown): string => {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && REASONS[code] !== undefined) return REASONS[code];
  return error instanceof Error ? error.message : String(error);
};

export interface CommandInput {
  readonly name: string;
  readonly chunks: AsyncIterable<Buffer | string>;
  close(): void;
}

/**
 * Rethrows any read failure as a usage error naming the file: an unreadable file is exit 2. A stream
 * closed on purpose (close(), when a signal stops apply) just ends: what was read is all there is.
 */
async function* readable(name: string, stream: AsyncIterable<Buffer | string>, closed: () => boolean): AsyncGenerator<Buffer | string> {
  try {
    yield* stream;
  } catch (error) {
    if (closed()) return;
    throw new UsageError(`cannot read ${name}: ${reasonOf(error)}`);
  }
}

export const openCommandInput = async (operand: string, stdin: NodeJS.ReadableStream, cwd: string): Promise<CommandInput> => {
  let closed = false;
  if (operand === '-') {
    return {
      name: 'standard input',
      chunks: readable('standard input', stdin as AsyncIterable<Buffer | string>, () => closed),
      // A read waiting on a pipe that sends nothing more ends now, rather than hold apply open.
      close: () => {
        closed = true;
        if ('destroy' in stdin && typeof stdin.destroy === 'function') stdin.destroy();
      },
    };
  }
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(path.resolve(cwd, operand), 'r');
  } catch (error) {
    throw new UsageError(`cannot read ${operand}: ${reasonOf(error)}`);
  }
  const stat = await handle.stat();
  if (stat.isDirectory()) {
    await handle.close();
    throw new UsageError(`cannot read ${operand}: is a directory`);
  }
  const stream = handle.createReadStream({ highWaterMark: 64 * 1024 });
  return {
    name: operand,
    chunks: readable(operand, stream, () => closed),
    close: () => {
      closed = true;
      stream.destroy();
    },
  };
};
