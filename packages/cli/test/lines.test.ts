import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readLineGroups, readLines, type SourceLine } from '../src/apply/lines.js';

const collect = async (chunks: (string | Buffer)[], maxLineBytes?: number): Promise<SourceLine[]> => {
  const lines: SourceLine[] = [];
  for await (const line of readLines(Readable.from(chunks, { objectMode: true }), maxLineBytes === undefined ? {} : { maxLineBytes })) lines.push(line);
  return lines;
};

describe('readLines', () => {
  it('numbers physical lines from 1 and skips blank ones', async () => {
    expect(await collect(['a\n\n  \t\nb\n'])).toEqual([
      { line: 1, text: 'a' },
      { line: 4, text: 'b' },
    ]);
  });

  it('drops a byte-order mark at the start and a trailing \\r', async () => {
    expect(await collect(['\uFEFF{"a":1}\r\n\r\n{"b":2}\r\n'])).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 3, text: '{"b":2}' },
    ]);
    // A BOM alone on line 1 leaves an empty line.
    expect(await collect(['\uFEFF\nx'])).toEqual([{ line: 2, text: 'x' }]);
  });

  it('keeps a BOM that is not at the start of the file, and a \\r inside a line', async () => {
    expect(await collect(['a\n\uFEFFb\nc\rd\n'])).toEqual([
      { line: 1, text: 'a' },
      { line: 2, text: '\uFEFFb' },
      { line: 3, text: 'c\rd' },
    ]);
  });

  it('gives the last line without a final newline, and nothing for a final newline', async () => {
    expect(await collect(['a\nb'])).toEqual([{ line: 1, text: 'a' }, { line: 2, text: 'b' }]);
    expect(await collect(['a\n'])).toEqual([{ line: 1, text: 'a' }]);
    expect(await collect([])).toEqual([]);
  });

  it('joins lines split across chunks, even inside a multi-byte character or a BOM', async () => {
    const bytes = Buffer.from('\uFEFF{"name":"王芳"}\r\n{"name":"李明"}', 'utf8');
    const oneByteChunks = [...bytes].map((byte) => Buffer.from([byte]));
    expect(await collect(oneByteChunks)).toEqual([
      { line: 1, text: '{"name":"王芳"}' },
      { line: 2, text: '{"name":"李明"}' },
    ]);
  });

  it('reports a line that is not UTF-8 and goes on', async () => {
    expect(await collect([Buffer.from([0x61, 0x0a, 0xff, 0xfe, 0x0a, 0x62])])).toEqual([
      { line: 1, text: 'a' },
      { line: 2, problem: 'line is not valid UTF-8' },
      { line: 3, text: 'b' },
    ]);
  });

  it('reports an over-long line without keeping it, and goes on', async () => {
    expect(await collect(['short\n', 'x'.repeat(6), 'x'.repeat(6), '\nok\n', 'y'.repeat(20)], 10)).toEqual([
      { line: 1, text: 'short' },
      { line: 2, problem: 'line is longer than 10 bytes' },
      { line: 3, text: 'ok' },
      { line: 4, problem: 'line is longer than 10 bytes' },
    ]);
  });

  it('judges a line by its length without the "\\r" and the byte-order mark it drops: CRLF and LF files alike', async () => {
    const exact = 'x'.repeat(10);
    expect(await collect([`\ufeff${exact}\r\n${exact}\r\n${exact}\n`], 10)).toEqual([
      { line: 1, text: exact },
      { line: 2, text: exact },
      { line: 3, text: exact },
    ]);
    expect(await collect([`\ufeff${exact}x\r\n${exact}x\r\n`], 10)).toEqual([
      { line: 1, problem: 'line is longer than 10 bytes' },
      { line: 2, problem: 'line is longer than 10 bytes' },
    ]);
  });

  it('readLineGroups gives the same lines, one group per chunk that ends a line', async () => {
    const chunks = ['\ufeffa\r\nb', 'c\n\n  \nd\n', 'e', 'f'];
    const groups: (readonly SourceLine[])[] = [];
    for await (const group of readLineGroups(Readable.from(chunks, { objectMode: true }))) groups.push(group);
    expect(groups).toEqual([[{ line: 1, text: 'a' }], [{ line: 2, text: 'bc' }, { line: 5, text: 'd' }], [{ line: 6, text: 'ef' }]]);
    expect(groups.flat()).toEqual(await collect(chunks));
  });
});
