import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/exit-codes.js';
import { countOption, instantOption, monthOption, periodOption } from '../src/report/inputs.js';
import { flatten, forReading, renderReport, transposed } from '../src/report/layout.js';

describe('flatten', () => {
  it('turns nested objects into dotted keys and leaves arrays, null and scalars as they are', () => {
    expect(flatten({ lost: 1, churnedByReason: { dissatisfied: 2, other: { deep: 3 } }, retention: [1, 0.5], rate: null })).toEqual({
      lost: 1,
      'churnedByReason.dissatisfied': 2,
      'churnedByReason.other.deep': 3,
      retention: [1, 0.5],
      rate: null,
    });
  });
});

describe('forReading', () => {
  it('rounds fractions to 4 decimals and leaves integers, null and text alone', () => {
    expect([1 / 3, 2 / 3, 0.05, 12_000_000, null, 'x', 1894707.244817].map(forReading)).toEqual([0.3333, 0.6667, 0.05, 12_000_000, null, 'x', 1894707.2448]);
  });
});

describe('transposed', () => {
  it('makes a row per metric and a column per entity, whatever the entities are called', () => {
    const table = transposed(['lost', 'rate'], [
      { label: '(firm)', cells: { lost: 1, rate: 0.25 } },
      { label: 'metric', cells: { lost: 0, rate: null } },
    ]);
    expect(table.columns.map((c) => c.header)).toEqual(['metric', '(firm)', 'metric']);
    expect(table.rows).toEqual([
      { c0: 'lost', c1: 1, c2: 0 },
      { c0: 'rate', c1: 0.25, c2: null },
    ]);
  });
});

describe('renderReport', () => {
  const layout = {
    json: { asOf: '2025-06-30T23:59:59.999Z', clients: [{ clientId: 'c-1', share: 1 / 3, tier: null }] },
    header: [['asOf', '2025-06-30T23:59:59.999Z'], ['clients', 1]] as const,
    rows: { columns: [{ key: 'clientId' as const }, { key: 'share' as const }, { key: 'tier' as const }], rows: [{ clientId: 'c-1', share: 1 / 3, tier: null }] },
  };

  it('json: the report object itself, null kept', () => {
    expect(JSON.parse(renderReport('json', layout))).toEqual(layout.json);
  });

  it('csv: the rows only, unrounded, null as an empty cell', () => {
    expect(renderReport('csv', layout)).toBe(`clientId,share,tier\r\nc-1,${1 / 3},\r\n`);
  });

  it('table: the header lines, a blank line, then the rows rounded for reading', () => {
    expect(renderReport('table', layout)).toBe(
      ['asOf     2025-06-30T23:59:59.999Z', 'clients  1', '', 'clientId   share  tier', '--------  ------  ----', 'c-1       0.3333', ''].join('\n'),
    );
  });
});

describe('report inputs', () => {
  const usage = (work: () => unknown, message: RegExp) => {
    expect(work).toThrow(UsageError);
    expect(work).toThrow(message);
  };

  it('checks instants and dates in the firm\'s zone', () => {
    expect(instantOption('--as-of', undefined, 'UTC')).toBeUndefined();
    expect(instantOption('--as-of', '2024-02-29', 'Asia/Shanghai')).toBe('2024-02-29');
    usage(() => instantOption('--known-at', '2023-02-30', 'UTC'), /^--known-at: "2023-02-30" is not a valid as-of/);
  });

  it('requires a period and names the accepted forms', () => {
    expect(periodOption('report kpis', '2024-01-15..2024-02-15', 'UTC')).toBe('2024-01-15..2024-02-15');
    usage(() => periodOption('report kpis', undefined, 'UTC'), /^report kpis needs --period P: 2024 \(year\), 2024-Q1 \(quarter\)/);
    usage(() => periodOption('report kpis', '2024-Q5', 'UTC'), /^--period: period "2024-Q5" is not valid: expected a year/);
  });

  it('takes months as YYYY-MM and counts as plain decimal integers', () => {
    expect(monthOption('--from', '2024-03')).toBe('2024-03');
    usage(() => monthOption('--to', '2024-13'), /^--to: expected a month YYYY-MM, got "2024-13"/);
    expect(countOption('--limit', '0')).toBe(0);
    expect(countOption('--limit', '20000000')).toBe(20_000_000);
    for (const text of ['-1', '1.5', '1e3', '', ' 3', '99999999999999999999']) usage(() => countOption('--limit', text), /^--limit: expected an integer ≥ 0/);
  });
});
