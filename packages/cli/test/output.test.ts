import { describe, expect, it } from 'vitest';
import { cellText, csvField, displayWidth, renderCsv, renderJson, renderPairs, renderRows, renderTable, type Column } from '../src/output/index.js';

interface Row {
  clientId: string;
  name: string;
  revenue12m: number | null;
  keyAccount: boolean;
}

const columns: readonly Column<Row>[] = [{ key: 'clientId' }, { key: 'name' }, { key: 'revenue12m', header: 'revenue' }, { key: 'keyAccount' }];
const rows: Row[] = [
  { clientId: 'c-001', name: 'Hangzhou Silkroad', revenue12m: 6500000, keyAccount: false },
  { clientId: 'c-003', name: '苏州精密', revenue12m: 23000000, keyAccount: true },
  { clientId: 'c-010', name: 'Lumen, "the" consultants', revenue12m: null, keyAccount: false },
];

describe('cellText', () => {
  it('shows absent values as empty, numbers and booleans as written, objects as JSON', () => {
    expect([null, undefined, 0, 1.5, true, 'x', { a: 1 }, [1, 2]].map(cellText)).toEqual(['', '', '0', '1.5', 'true', 'x', '{"a":1}', '[1,2]']);
  });
});

describe('renderTable', () => {
  it('pads every column to its widest cell, right-aligns numbers, and counts CJK characters as two cells', () => {
    expect(renderTable({ columns, rows })).toBe(
      [
        'clientId  name                       revenue  keyAccount',
        '--------  ------------------------  --------  ----------',
        'c-001     Hangzhou Silkroad          6500000  false',
        'c-003     苏州精密                  23000000  true',
        'c-010     Lumen, "the" consultants            false',
        '',
      ].join('\n'),
    );
  });

  it('keeps a cell on one line by escaping control characters', () => {
    const table = renderTable({ columns: [{ key: 'note' }], rows: [{ note: 'two\nlines\tand a tab' }] });
    expect(table.split('\n')).toEqual(['note', '---------------------', 'two\\nlines\\tand a tab', '']);
  });

  it('honours an explicit alignment, and prints just the header for no rows', () => {
    expect(renderTable({ columns: [{ key: 'n', align: 'left' }], rows: [{ n: 1 }, { n: 100 }] })).toBe('n\n---\n1\n100\n');
    expect(renderTable({ columns, rows: [] })).toBe('clientId  name  revenue  keyAccount\n--------  ----  -------  ----------\n');
  });
});

describe('renderPairs', () => {
  it('aligns labels', () => {
    expect(renderPairs([['applied', 3], ['duplicates', 10]])).toBe('applied     3\nduplicates  10\n');
  });
});

describe('renderCsv (RFC 4180)', () => {
  it('writes a header row of keys and CRLF-terminated records, quoting only where needed', () => {
    expect(renderCsv({ columns, rows })).toBe(
      'clientId,name,revenue12m,keyAccount\r\n' +
        'c-001,Hangzhou Silkroad,6500000,false\r\n' +
        'c-003,苏州精密,23000000,true\r\n' +
        'c-010,"Lumen, ""the"" consultants",,false\r\n',
    );
  });

  it('quotes fields with quotes, commas, CR or LF, and leaves others alone', () => {
    expect(['plain', 'a,b', 'say "hi"', 'line\nbreak', 'cr\rhere', '', ' spaced '].map(csvField)).toEqual([
      'plain', '"a,b"', '"say ""hi"""', '"line\nbreak"', '"cr\rhere"', '', ' spaced ',
    ]);
  });

  it('writes only the header for no rows', () => {
    expect(renderCsv({ columns, rows: [] })).toBe('clientId,name,revenue12m,keyAccount\r\n');
  });
});

describe('renderJson', () => {
  it('indents, ends with a newline, and writes absent values as null', () => {
    expect(renderJson({ a: 1, b: undefined, c: [null] })).toBe('{\n  "a": 1,\n  "b": null,\n  "c": [\n    null\n  ]\n}\n');
  });
});

describe('renderRows', () => {
  it('gives JSON objects holding the columns in column order', () => {
    expect(JSON.parse(renderRows('json', { columns: [{ key: 'revenue12m' }, { key: 'clientId' }], rows }))).toEqual([
      { revenue12m: 6500000, clientId: 'c-001' },
      { revenue12m: 23000000, clientId: 'c-003' },
      { revenue12m: null, clientId: 'c-010' },
    ]);
    expect(Object.keys(JSON.parse(renderRows('json', { columns: [{ key: 'revenue12m' }, { key: 'clientId' }], rows }))[0])).toEqual(['revenue12m', 'clientId']);
  });

  it('dispatches table and csv', () => {
    expect(renderRows('table', { columns, rows })).toBe(renderTable({ columns, rows }));
    expect(renderRows('csv', { columns, rows })).toBe(renderCsv({ columns, rows }));
  });
});

describe('displayWidth', () => {
  it('counts wide characters twice and combining marks not at all', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('王芳')).toBe(4);
    expect(displayWidth('ｆｕｌｌ')).toBe(8);
    expect(displayWidth('e\u0301')).toBe(1);
  });

  it('counts every emoji two cells, those outside the CJK blocks and sequences included', () => {
    // The audit's client: Ü ï ø é 1 each, 客户 2 each, 🚀 (U+1F680, transport) 2, spaces 1.
    expect(displayWidth('Ünïcødé 客户 🚀')).toBe(7 + 1 + 4 + 1 + 2);
    for (const emoji of ['🚀', '🪐', '⚡', '⌚', '✅', '☀️', '❤️', '🇨🇳', '👍🏽', '👨‍👩‍👧', '1️⃣']) expect([emoji, displayWidth(emoji)]).toEqual([emoji, 2]);
    // A symbol shown as text (no emoji presentation) takes one cell, as terminals show it.
    expect(displayWidth('☀')).toBe(1);
  });

  it('keeps a table column aligned after a name with an emoji', () => {
    const text = renderTable({ columns: [{ key: 'name' as const }, { key: 'stage' as const }], rows: [{ name: 'Ünïcødé 客户 🚀', stage: 'engaged' }, { name: 'Plain', stage: 'prospect' }] });
    // The name takes 15 cells (counted above), so "stage" starts at cell 17 on every line.
    expect(text.split('\n')).toEqual([`name${' '.repeat(11)}  stage`, `${'-'.repeat(15)}  --------`, 'Ünïcødé 客户 🚀  engaged', `Plain${' '.repeat(10)}  prospect`, '']);
  });

  it('cuts a long name between emoji, never inside one', async () => {
    const { truncate } = await import('../src/output/table.js');
    expect(truncate('👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧', 5)).toBe('👨‍👩‍👧👨‍👩‍👧…');
  });
});

describe('tables on a narrow terminal', () => {
  it('cut the widest text column with … so no line is wider than the terminal; numbers are never cut', async () => {
    const { renderTable, truncate } = await import('../src/output/table.js');
    const rows = {
      columns: [{ key: 'line' as const }, { key: 'message' as const }],
      rows: [{ line: 123456, message: 'occurredAt 9999-01-01T00:00:00.000Z is more than 24 hours after now (2026-12-02T00:00:00.000Z)' }],
    };
    const text = renderTable(rows, 50);
    for (const l of text.trimEnd().split('\n')) expect(l.length).toBeLessThanOrEqual(50);
    expect(text).toContain('123456');
    expect(text).toContain('…');
    // Without a width (a pipe, a file) lines stay whole.
    expect(renderTable(rows, undefined)).toContain('(2026-12-02T00:00:00.000Z)');
    expect(truncate('王芳王芳王芳', 7)).toBe('王芳王…');
  });
});
