// The progress bar of `rapport rebuild`, which only a terminal gets: run in-process with a standard
// error that says it is a TTY.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../src/io.js';
import { run } from '../src/run.js';

const SAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../examples/sample-firm.jsonl');
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-progress-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const capture = (tty: boolean) => {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream: tty ? Object.assign(stream, { isTTY: true, columns: 120 }) : stream, text: () => chunks.join('') };
};

const io = (stdout: Writable, stderr: Writable): CliIo => ({ stdout, stderr, stdin: Readable.from([]), env: {}, cwd: root });

describe('rapport rebuild on a terminal', () => {
  it('draws a progress bar over the events on standard error, clears it, and prints the summary line', async () => {
    const store = `sqlite:${path.join(root, 'rapport.db')}`;
    expect(await run(['apply', SAMPLE, '--store', store], io(capture(false).stream, capture(false).stream))).toBe(0);
    const stdout = capture(false);
    const stderr = capture(true);
    expect(await run(['rebuild', '--store', store], io(stdout.stream, stderr.stream))).toBe(0);
    expect(stderr.text()).toMatch(/rebuilding clients, salespeople, firm, history .* 0% \| 0\/83 events/);
    // Cleared when done (erase line), so the terminal keeps only the summary.
    expect(stderr.text().endsWith('\u001b[2K')).toBe(true);
    expect(stdout.text()).toMatch(/^rebuilt clients, salespeople, firm, history: 83 events folded in \d+\.\d\d s\n$/);
  });
});
