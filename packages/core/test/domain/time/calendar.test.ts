import fc from 'fast-check';
import { DateTime, IANAZone } from 'luxon';
import { describe, expect, it, vi } from 'vitest';
import { DAY_MS, localMonth, monthStart, monthsStartingIn, nextMonth } from '../../../src/index.js';

const iso = (ms: number): string => new Date(ms).toISOString();

describe('month arithmetic', () => {
  it('steps to the next month, across a year', () => {
    expect(nextMonth('2024-01')).toBe('2024-02');
    expect(nextMonth('2024-12')).toBe('2025-01');
    expect(() => nextMonth('2024-13')).toThrow(RangeError);
  });

  it('starts months at local midnight', () => {
    expect(iso(monthStart('2024-03', 'UTC'))).toBe('2024-03-01T00:00:00.000Z');
    expect(iso(monthStart('2024-03', 'Asia/Shanghai'))).toBe('2024-02-29T16:00:00.000Z');
    expect(iso(monthStart('2024-07', 'America/New_York'))).toBe('2024-07-01T04:00:00.000Z');
    expect(iso(monthStart('2023-10', 'America/Asuncion'))).toBe('2023-10-01T04:00:00.000Z');
  });

  it('rejects an unknown zone', () => {
    expect(() => monthStart('2024-03', 'Mars/Olympus')).toThrow(/unknown time zone/);
    expect(() => localMonth(0, 'Mars/Olympus')).toThrow(/unknown time zone/);
  });
});

describe('localMonth', () => {
  it('reads the month of the local date', () => {
    expect(localMonth(Date.parse('2024-02-29T15:59:59.999Z'), 'Asia/Shanghai')).toBe('2024-02');
    expect(localMonth(Date.parse('2024-02-29T16:00:00.000Z'), 'Asia/Shanghai')).toBe('2024-03');
    expect(localMonth(Date.parse('2024-03-01T03:00:00.000Z'), 'America/New_York')).toBe('2024-02');
    expect(localMonth(Date.parse('2024-12-31T23:59:59.999Z'), 'UTC')).toBe('2024-12');
    expect(localMonth(Date.parse('2025-01-01T00:00:00.000Z'), 'UTC')).toBe('2025-01');
  });

  it('agrees with luxon for any instant and zone', () => {
    const zones = ['UTC', 'Asia/Shanghai', 'America/New_York', 'America/Santiago', 'Pacific/Kiritimati', 'Etc/GMT+12'];
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2100, 0, 1) }), fc.constantFrom(...zones), (ms, zone) => {
        expect(localMonth(ms, zone)).toBe(DateTime.fromMillis(ms, { zone }).toFormat('yyyy-MM'));
      }),
    );
  });

  it('is consistent with monthStart: an instant lies in [start of its month, start of the next)', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2030, 0, 1) }), fc.constantFrom('America/Asuncion', 'America/Havana'), (ms, zone) => {
        const month = localMonth(ms, zone);
        expect(monthStart(month, zone)).toBeLessThanOrEqual(ms);
        expect(monthStart(nextMonth(month), zone)).toBeGreaterThan(ms);
      }),
    );
  });

  it('asks the zone for offsets once per month, not once per call: reports call it per client (no timing here)', () => {
    const offsets = vi.spyOn(IANAZone.prototype, 'offset');
    const base = Date.UTC(2031, 0, 1);
    try {
      // 100,000 hourly instants over about six local months of a zone not asked before: a few hundred
      // offset look-ups (month starts and the checks around them); a lost cache would make 100,000s.
      for (let i = 0; i < 100_000; i += 1) localMonth(base + i * 3_600_000, 'Asia/Kolkata');
      expect(offsets.mock.calls.length).toBeLessThan(2_000);
    } finally {
      offsets.mockRestore();
    }
  });
});

describe('monthsStartingIn', () => {
  const months = (start: string, end: string, zone: string): string[] => monthsStartingIn(Date.parse(start), Date.parse(end), zone);

  it('lists the months whose first day starts in [start, end)', () => {
    expect(months('2024-01-01T00:00:00Z', '2025-01-01T00:00:00Z', 'UTC')).toHaveLength(12);
    expect(months('2024-01-15T00:00:00Z', '2024-03-15T00:00:00Z', 'UTC')).toEqual(['2024-02', '2024-03']);
    expect(months('2024-01-15T00:00:00Z', '2024-01-31T00:00:00Z', 'UTC')).toEqual([]);
    expect(months('2024-02-01T00:00:00Z', '2024-03-01T00:00:00Z', 'UTC')).toEqual(['2024-02']);
    expect(months('2024-02-29T16:00:00Z', '2024-05-31T16:00:00Z', 'Asia/Shanghai')).toEqual(['2024-03', '2024-04', '2024-05']);
    // 2024-03-01 in UTC is still February in New York: March starts at 05:00Z.
    expect(months('2024-03-01T00:00:00Z', '2024-03-01T05:00:00Z', 'America/New_York')).toEqual([]);
    expect(months('2024-03-01T00:00:00Z', '2024-03-01T05:00:00.001Z', 'America/New_York')).toEqual(['2024-03']);
    expect(months('2024-03-01T00:00:00Z', '2024-03-01T00:00:00Z', 'UTC')).toEqual([]);
  });
});

it('DAY_MS is a fixed 24-hour day', () => {
  expect(DAY_MS).toBe(24 * 60 * 60 * 1000);
});
