import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/exit-codes.js';
import { countOption, monthRange, monthOption, periodOption } from '../src/report/inputs.js';
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
    zone: 'Asia/Shanghai',
  };

  it('json: the report object itself, null kept', () => {
    expect(JSON.parse(renderReport('json', layout))).toEqual(layout.json);
  });

  it('csv: the rows only, unrounded, null as an empty cell', () => {
    expect(renderReport('csv', layout)).toBe(`clientId,share,tier\r\nc-1,${1 / 3},\r\n`);
  });

  it('table: the header lines with the zone in use, a blank line, then the rows as people read them', () => {
    // asOf in the report's zone with its offset; share as a percentage; text left-aligned.
    expect(renderReport('table', layout)).toBe(
      [
        'asOf       2025-07-01 07:59:59.999 +08:00',
        'clients    1',
        'time zone  Asia/Shanghai',
        '',
        'clientId  share  tier',
        '--------  -----  ----',
        'c-1       33.3%',
        '',
      ].join('\n'),
    );
  });

  it('table: money with separators and two decimals, and a known-at line when --known-at is in force', () => {
    const known = {
      json: { asOf: '2025-06-30T23:59:59.999Z', knownAt: '2025-07-01T00:00:00.000Z', clients: [] },
      header: [['totalRevenue12m', 11_300_000]] as const,
      rows: { columns: [{ key: 'clientId' as const }, { key: 'lifetimeValue' as const }], rows: [{ clientId: 'c-1', lifetimeValue: 123_456_789 }] },
      zone: 'UTC',
    };
    expect(renderReport('table', known)).toBe(
      [
        'totalRevenue12m  113,000.00',
        'time zone        UTC',
        'known at         2025-07-01 00:00:00 +00:00 (only events recorded by then)',
        '',
        'clientId  lifetimeValue',
        '--------  -------------',
        'c-1        1,234,567.89',
        '',
      ].join('\n'),
    );
    // JSON and CSV keep the numbers exactly (SPEC §5).
    expect(renderReport('csv', known)).toBe('clientId,lifetimeValue\r\nc-1,123456789\r\n');
  });
});

describe('report inputs', () => {
  const usage = (work: () => unknown, message: RegExp) => {
    expect(work).toThrow(UsageError);
    expect(work).toThrow(message);
  };

  it('refuses --from after --to, in plain words', () => {
    expect(() => monthRange('2024-01', '2024-01')).not.toThrow();
    expect(() => monthRange(undefined, '2024-01')).not.toThrow();
    usage(() => monthRange('2024-05', '2024-01'), /^--from 2024-05 is after --to 2024-01/);
  });

  it('requires a period and names the accepted forms', () => {
    // The text itself is read by the library in the firm's zone (test/cli/reports.test.ts has the bad forms).
    expect(periodOption('report kpis', '2024-01-15..2024-02-15')).toBe('2024-01-15..2024-02-15');
    usage(() => periodOption('report kpis', undefined), /^report kpis needs --period P: 2024 \(year\), 2024-Q1 \(quarter\)/);
  });

  it('takes months as YYYY-MM and counts as non-negative integers written as JSON numbers (SPEC §1: 1e6 is 1000000)', () => {
    expect(monthOption('--from', '2024-03')).toBe('2024-03');
    usage(() => monthOption('--to', '2024-13'), /^--to: expected a month YYYY-MM, got "2024-13"/);
    expect(countOption('--limit', '0')).toBe(0);
    expect(countOption('--limit', '20000000')).toBe(20_000_000);
    expect(countOption('--key-account-threshold', '1e6')).toBe(1_000_000);
    expect(countOption('--key-account-threshold', '2.5E+3')).toBe(2_500);
    expect(countOption('--limit', '3.0')).toBe(3);
    for (const text of ['-1', '1.5', '1e-3', '1e400', '', ' 3', '0x10', 'Infinity', '1e', '.5', '99999999999999999999'])
      usage(() => countOption('--limit', text), /^--limit: expected an integer ≥ 0/);
  });
});
