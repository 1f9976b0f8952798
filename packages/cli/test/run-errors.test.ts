// How the CLI ends on the failures a command may meet (run.ts): each kind with its exit code and
// one line on standard error, never a stack trace for what is not a bug.
import { Readable, Writable } from 'node:stream';
import { CheckpointConflict } from '@rapport/core';
import { describe, expect, it } from 'vitest';
import { defineCommand } from '../src/commands/command.js';
import { run } from '../src/run.js';

const failing = (error: Error) =>
  defineCommand({
    name: 'fail',
    usage: '',
    operands: { min: 0, max: 0 },
    summary: 'fails',
    description: 'Fails.',
    options: {},
    run: () => Promise.reject(error),
  });

const ran = async (error: Error) => {
  let stderr = '';
  const sink = new Writable({ write: (chunk: Buffer | string, _encoding, done) => ((stderr += String(chunk)), done()) });
  const code = await run(['fail'], { stdout: new Writable({ write: (_c, _e, done) => done() }), stderr: sink, stdin: Readable.from([]), env: {}, cwd: process.cwd() }, [failing(error)]);
  return { code, stderr };
};

describe('rapport ending on a failure', () => {
  it('a CheckpointConflict that outlived its retries is exit 1 in one line, not an internal error', async () => {
    const { code, stderr } = await ran(new CheckpointConflict('firm', 1, null, 'no-generation'));
    expect(code).toBe(1);
    expect(stderr).toMatch(/^rapport: conflict: .*generation 1 does not exist.*; another process is writing the same read models: run the command again\n$/);
    expect(stderr).not.toMatch(/\n {4}at /);
  });
});
