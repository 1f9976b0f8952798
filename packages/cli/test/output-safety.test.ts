// What a report's text may do to the program that shows it: CSV cells a spreadsheet would run as
// formulas are neutralised (OWASP), and table cells never carry control characters to a terminal.
import { describe, expect, it } from 'vitest';
import { renderCsv, renderPairs, renderTable } from '../src/output/index.js';
import { csvText } from '../src/output/csv.js';
import { printable, printableLines } from '../src/output/width.js';

const csvRow = (value: unknown): string => renderCsv({ columns: [{ key: 'v' }], rows: [{ v: value }] }).split('\r\n')[1]!;

describe('CSV formula neutralisation', () => {
  it('prefixes a single quote and quotes a text cell starting with = + - @ tab or carriage return', () => {
    expect(csvText('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvText('+1+2')).toBe(`"'+1+2"`);
    expect(csvText('-2+3')).toBe(`"'-2+3"`);
    expect(csvText('@SUM(A1)')).toBe(`"'@SUM(A1)"`);
    expect(csvText('\t=1')).toBe(`"'\t=1"`);
    expect(csvText('\r=1')).toBe(`"'\r=1"`);
  });

  it('leaves other text as RFC 4180 writes it, a formula character inside the text included', () => {
    expect(['Acme', 'a=b', 'x-1', 'say "hi"', 'a,b', '', ' =not first'].map(csvText)).toEqual(['Acme', 'a=b', 'x-1', '"say ""hi"""', '"a,b"', '', ' =not first']);
  });

  it('keeps numbers numbers: -5 and -0.25 are written as they are, a text "-5" is neutralised', () => {
    expect(csvRow(-5)).toBe('-5');
    expect(csvRow(-0.25)).toBe('-0.25');
    expect(csvRow(0)).toBe('0');
    expect(csvRow('-5')).toBe(`"'-5"`);
    expect(csvRow(null)).toBe('');
    expect(csvRow(true)).toBe('true');
  });
});

describe('table output and control characters', () => {
  it('shows C0, DEL, C1, ESC and bidirectional overrides escaped', () => {
    expect(printable('a\u001b[31mred\u001b[0m')).toBe('a\\u001b[31mred\\u001b[0m');
    expect(printable('bell\u0007 del\u007f csi\u009b nel\u0085')).toBe('bell\\u0007 del\\u007f csi\\u009b nel\\u0085');
    expect(printable('line\nbreak\ttab\rcr')).toBe('line\\nbreak\\ttab\\rcr');
    expect(printable('evil\u202etxt.exe \u2066x\u2069 \u2028')).toBe('evil\\u202etxt.exe \\u2066x\\u2069 \\u2028');
    expect(printable('王芳 Müller café')).toBe('王芳 Müller café');
  });

  it('never lets a control character through a table or a label/value list', () => {
    const name = '\u001b]0;pwned\u0007\u001b[2J\u009b31m';
    const table = renderTable({ columns: [{ key: 'name' }], rows: [{ name }] });
    const pairs = renderPairs([['name', name]]);
    for (const text of [table, pairs]) {
      // eslint-disable-next-line no-control-regex
      expect(text.replace(/\n/g, '')).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
      expect(text).toContain('\\u001b]0;pwned\\u0007\\u001b[2J\\u009b31m');
    }
  });
});

describe('messages for standard error', () => {
  it('keep their line breaks and escape every other control character', () => {
    expect(printableLines('no store at sqlite:/tmp/\u001b[2Jx.db\nsecond line\u009b')).toBe('no store at sqlite:/tmp/\\u001b[2Jx.db\nsecond line\\u009b');
  });
});
