// The help the bin prints from dist/help.json (without loading the library) is exactly what run()
// prints for the same words, for every command, group and the version; other command lines go to run().
import { Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../src/commands/table.js';
import { helpKey } from '../src/help-key.js';
import { helpTexts } from '../src/help-texts.js';
import { run } from '../src/run.js';

const printed = async (args: readonly string[]): Promise<{ code: number; stdout: string }> => {
  let stdout = '';
  const out = new Writable({ write: (chunk: Buffer, _encoding, done) => { stdout += chunk.toString(); done(); } });
  const err = new Writable({ write: (_chunk, _encoding, done) => done() });
  const code = await run(args, { stdout: out, stderr: err, stdin: Readable.from([]), env: {}, cwd: '/' });
  return { code, stdout };
};

describe('built help texts', () => {
  const texts = helpTexts(COMMANDS);

  it('equal what run() prints for the same words, exit 0', async () => {
    const cases: [string[], string][] = [[['--help'], 'general'], [['-h'], 'general'], [['help'], 'general'], [['--version'], 'version'], [['-V'], 'version']];
    for (const command of COMMANDS) cases.push([[...command.words, '--help'], `words:${command.name}`]);
    cases.push([['report', '--help'], 'words:report'], [['parked', '-h'], 'words:parked']);
    for (const [args, key] of cases) {
      if (texts[key] === undefined) continue; // a group that does not exist in this table
      expect(helpKey(args), args.join(' ')).toBe(key);
      expect(await printed(args), args.join(' ')).toEqual({ code: 0, stdout: texts[key] });
    }
    expect(Object.keys(texts).length).toBeGreaterThan(COMMANDS.length);
  });

  it('leave every other command line to run(): options before the words, no words, a value', () => {
    for (const args of [[], ['report'], ['--store', 'x', 'report', 'kpis', '--help'], ['report', 'kpis'], ['report', 'kpis', '--period', '2024', '--help'], ['help', 'me']]) {
      const key = helpKey(args);
      expect(key === undefined || texts[key] === undefined, args.join(' ')).toBe(true);
    }
  });
});
