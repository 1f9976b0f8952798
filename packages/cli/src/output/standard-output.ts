// Standard output that fails when it could not write everything. Node writes a chunk to a file or a
// device with one write(2) and takes a short write as success: a report redirected to a disk that
// filled up came out cut short, with nothing said and exit 0. A file or device (not a terminal)
// therefore gets a writer that writes every byte or reports write(2)'s error; pipes and terminals
// keep Node's own stream, which writes all of a chunk and reports EPIPE.
import fs from 'node:fs';
import { Writable } from 'node:stream';
import tty from 'node:tty';

/** Writes all of `chunk` to `fd`, however many write(2)s it takes. */
export const writeAll = (fd: number, chunk: Buffer): void => {
  for (let offset = 0; offset < chunk.length; ) {
    const written = fs.writeSync(fd, chunk, offset, chunk.length - offset);
    // write(2) answers 0 only when it can take nothing more: the disk is full.
    if (written === 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    offset += written;
  }
};

const isFileOrDevice = (fd: number): boolean => {
  try {
    // BigInt stats: the plain ones are written into an array Node's module resolver also reads,
    // and a pipe's left there made it load libsql by its symlinked path, which cannot find its own
    // dependencies (Node 20.20: "Cannot find module '@neon-rs/load'" on `rapport report … | head`).
    const stat = fs.fstatSync(fd, { bigint: true });
    return (stat.isFile() || stat.isCharacterDevice()) && !tty.isatty(fd);
  } catch {
    return false;
  }
};

let chosen: NodeJS.WritableStream | undefined;

/** The process's standard output as commands should write to it (one per process). */
export const standardOutput = (): NodeJS.WritableStream => {
  chosen ??= isFileOrDevice(1)
    ? new Writable({
        decodeStrings: true,
        write: (chunk: Buffer, _encoding, done) => {
          try {
            writeAll(1, chunk);
            done();
          } catch (error) {
            done(error as Error);
          }
        },
      })
    : process.stdout;
  return chosen;
};
