// Money in tables and on the HTML page: minor units shown in major units to the cent, whatever the
// amount — a derived fraction of a minor unit (a prorated target) or a total past 2^53 — while JSON
// and CSV keep the numbers exactly (SPEC §5).
import { describe, expect, it } from 'vitest';
import { formatMoney as pageMoney } from '../src/html/format.js';
import { formatMoney, readableValue } from '../src/output/readable.js';
import { renderReport, transposed } from '../src/report/layout.js';

// A plan of 10,000.00 a year prorated to one month: 1000000 × 1 / 12 = 83333.333… minor units.
const PRORATED = (1_000_000 * 1) / 12;
// 2^60 minor units: a sum past 2^53, which a float still holds exactly.
const HUGE = 2 ** 60;

describe('formatMoney', () => {
  it('rounds a fraction of a minor unit to the nearest one, halves away from zero', () => {
    expect(formatMoney(PRORATED)).toBe('833.33');
    expect(formatMoney(83_333.5)).toBe('833.34');
    expect(formatMoney(0.4)).toBe('0.00');
    expect(formatMoney(-0.4)).toBe('0.00');
    expect(formatMoney(-150.5)).toBe('-1.51');
  });

  it('writes integers exactly, past 2^53 too, and never in exponent form', () => {
    expect(formatMoney(0)).toBe('0.00');
    expect(formatMoney(5)).toBe('0.05');
    expect(formatMoney(11_300_000)).toBe('113,000.00');
    expect(formatMoney(HUGE)).toBe('11,529,215,046,068,469.76');
    expect(formatMoney(1e21)).toBe('10,000,000,000,000,000,000.00');
    expect(formatMoney(-HUGE)).toBe('-11,529,215,046,068,469.76');
  });

  it('is what the HTML page writes too', () => {
    for (const minor of [PRORATED, HUGE, 1e21, 12_345, 0]) expect(pageMoney(minor)).toBe(formatMoney(minor));
    expect(pageMoney(null)).toBe('—');
  });
});

describe('readableValue', () => {
  it('shows every money key in major units, fractional or past 2^53 alike', () => {
    expect(readableValue('newBusinessTarget', PRORATED, 'UTC')).toBe('833.33');
    expect(readableValue('newBusiness', 50_000, 'UTC')).toBe('500.00');
    expect(readableValue('totalRevenue12m', HUGE, 'UTC')).toBe('11,529,215,046,068,469.76');
    expect(readableValue('revenue12m', 2 ** 53 + 2, 'UTC')).toBe('90,071,992,547,409.94');
    // Not money: a prorated count of clients stays a fraction to 4 decimals.
    expect(readableValue('newClientsTarget', 5 / 12, 'UTC')).toBe(0.4167);
  });
});

describe('a KPI table with a prorated target', () => {
  const row = { salespersonId: 's1', newBusiness: 50_000, newBusinessTarget: PRORATED, newBusinessAttainment: 50_000 / PRORATED };
  const metrics = ['newBusiness', 'newBusinessTarget', 'newBusinessAttainment'] as const;
  const layout = {
    json: { salespeople: [row] },
    zone: 'UTC',
    header: [['period', '2024-01']] as const,
    rows: { columns: [{ key: 'salespersonId' as const }, ...metrics.map((key) => ({ key }))], rows: [row] },
    table: transposed(metrics, [{ label: 's1', cells: row }]),
  };

  it('shows the target in major units to the cent, next to new business', () => {
    const lines = renderReport('table', layout).split('\n');
    expect(lines.find((line) => line.startsWith('newBusinessTarget'))).toMatch(/^newBusinessTarget +833\.33$/);
    expect(lines.find((line) => line.startsWith('newBusiness '))).toMatch(/^newBusiness +500\.00$/);
    expect(lines.find((line) => line.startsWith('newBusinessAttainment'))).toMatch(/^newBusinessAttainment +60%$/);
  });

  it('keeps JSON and CSV exact', () => {
    expect(JSON.parse(renderReport('json', layout))).toEqual({ salespeople: [row] });
    expect(renderReport('csv', layout)).toBe(
      `salespersonId,newBusiness,newBusinessTarget,newBusinessAttainment\r\ns1,50000,${String(PRORATED)},${String(50_000 / PRORATED)}\r\n`,
    );
  });
});
