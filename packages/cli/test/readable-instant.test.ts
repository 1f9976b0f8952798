// Instants in tables: the firm's wall clock and its offset, for every year JSON can carry. JSON has
// 0050-01-01T23:59:59.999Z; a table once showed "50-01-01 23:59:59.999 +16655040:00" (Date.UTC reads
// years 0–99 as 19xx, Intl calls the year 0 "1 BC", and short years lost their zeros).
import { describe, expect, it } from 'vitest';
import { formatInstant } from '../src/output/readable.js';

describe('formatInstant', () => {
  it.each([
    ['2026-11-13T15:59:59.999Z', 'Asia/Shanghai', '2026-11-13 23:59:59.999 +08:00'],
    ['0050-01-01T23:59:59.999Z', 'UTC', '0050-01-01 23:59:59.999 +00:00'],
    ['0000-01-01T23:59:59.999Z', 'UTC', '0000-01-01 23:59:59.999 +00:00'],
    ['0100-03-01T00:00:00.000Z', 'UTC', '0100-03-01 00:00:00 +00:00'],
    // In a zone too, where Intl is asked: the year 0 is 1 BC to it; 0050 is no 1950.
    ['0000-01-01T00:00:00.000Z', 'Asia/Kolkata', '0000-01-01 05:53:28 +05:53:28'],
    ['0050-06-01T00:00:00.000Z', 'Asia/Tokyo', '0050-06-01 09:18:59 +09:18:59'],
    ['0999-12-31T20:00:00.000Z', 'Asia/Tokyo', '1000-01-01 05:18:59 +09:18:59'],
    // Beyond 9999 as JSON writes it (+010000-…), and a day's end that crosses into it.
    ['+010000-01-01T00:00:00.000Z', 'Asia/Kolkata', '10000-01-01 05:30:00 +05:30'],
    ['9999-12-31T23:59:59.999Z', 'Pacific/Kiritimati', '10000-01-01 13:59:59.999 +14:00'],
    // A daylight-saving change: the repeated hour shows each of its offsets.
    ['2024-11-03T05:30:00.000Z', 'America/New_York', '2024-11-03 01:30:00 -04:00'],
    ['2024-11-03T06:30:00.000Z', 'America/New_York', '2024-11-03 01:30:00 -05:00'],
  ])('%s in %s reads %s', (iso, zone, expected) => {
    expect(formatInstant(iso, zone)).toBe(expected);
  });

  it('reads local mean time to the second, so the clock and its offset agree (Shanghai before 1901: +08:05:43)', () => {
    expect(formatInstant('1900-01-01T00:00:00.000Z', 'Asia/Shanghai')).toBe('1900-01-01 08:05:43 +08:05:43');
  });
});
