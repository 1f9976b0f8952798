import { isLeft, isRight, type Either } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { isValidZone, parseAsOf, parsePeriod, type Period } from '../../../src/index.js';

const iso = (ms: number): string => new Date(ms).toISOString();
const period = (text: string, zone: string): { start: string; end: string } => {
  const parsed = parsePeriod(text, zone);
  if (isLeft(parsed)) throw new Error(parsed.left);
  return { start: iso(parsed.right.start), end: iso(parsed.right.end) };
};
const asOf = (text: string, zone: string): string => {
  const parsed = parseAsOf(text, zone);
  if (isLeft(parsed)) throw new Error(parsed.left);
  return iso(parsed.right);
};
const failure = <A>(result: Either<string, A>): string => {
  if (isRight(result)) throw new Error(`expected a failure, got ${JSON.stringify(result.right)}`);
  return result.left;
};

describe('isValidZone', () => {
  it.each(['UTC', 'Asia/Shanghai', 'America/New_York', 'America/Santiago', 'Etc/UTC', 'US/Eastern', 'Etc/GMT+5', 'Asia/Kolkata', 'Asia/Calcutta', 'GMT', 'Zulu', 'EST5EDT', 'Europe/Kyiv', 'America/Port-au-Prince'])(
    'accepts %s',
    (zone) => expect(isValidZone(zone)).toBe(true),
  );
  // Re-cased links too: Intl resolves them (to another name), so only IANA's spelling can tell them apart.
  it.each(['', 'Mars/Olympus', '+08:00', 'UTC+8', 'asia/shanghai', 'utc', 'ASIA/SHANGHAI', 'Z', 'US/EASTERN', 'Asia/KOLKATA', 'Asia/CALCUTTA', 'Gmt', 'ZULU', 'Factory'])('rejects %j', (zone) =>
    expect(isValidZone(zone)).toBe(false),
  );
});

describe('parsePeriod in UTC', () => {
  it.each([
    ['2024', '2024-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z'],
    ['2024-Q1', '2024-01-01T00:00:00.000Z', '2024-04-01T00:00:00.000Z'],
    ['2024-Q4', '2024-10-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z'],
    ['2024-02', '2024-02-01T00:00:00.000Z', '2024-03-01T00:00:00.000Z'],
    ['2024-12', '2024-12-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z'],
    ['2024-01-15..2024-02-15', '2024-01-15T00:00:00.000Z', '2024-02-15T00:00:00.000Z'],
    // Leap day as a custom boundary.
    ['2024-02-29..2024-03-01', '2024-02-29T00:00:00.000Z', '2024-03-01T00:00:00.000Z'],
  ])('%s is [%s, %s)', (text, start, end) => expect(period(text, 'UTC')).toEqual({ start, end }));

  it('keeps the text as the label', () => {
    const parsed = parsePeriod('2024-Q2', 'UTC') as { right: Period };
    expect(parsed.right.label).toBe('2024-Q2');
  });

  it('knows leap years: February 2024 has 29 days, February 2023 has 28', () => {
    const days = (text: string): number => {
      const p = parsePeriod(text, 'UTC') as { right: Period };
      return (p.right.end - p.right.start) / 86_400_000;
    };
    expect(days('2024-02')).toBe(29);
    expect(days('2023-02')).toBe(28);
    expect(days('2024')).toBe(366);
    expect(days('2100')).toBe(365);
    expect(days('2000')).toBe(366);
  });
});

describe('parsePeriod in a zone', () => {
  it('starts a Shanghai March at 2024-02-29T16:00:00.000Z', () => {
    expect(period('2024-03', 'Asia/Shanghai')).toEqual({ start: '2024-02-29T16:00:00.000Z', end: '2024-03-31T16:00:00.000Z' });
    expect(period('2024', 'Asia/Shanghai')).toEqual({ start: '2023-12-31T16:00:00.000Z', end: '2024-12-31T16:00:00.000Z' });
  });

  it('follows New York daylight saving: EST in January, EDT in April', () => {
    expect(period('2024-Q1', 'America/New_York')).toEqual({ start: '2024-01-01T05:00:00.000Z', end: '2024-04-01T04:00:00.000Z' });
    // 2024-03-10 is 23 hours long in New York.
    expect(period('2024-03-10..2024-03-11', 'America/New_York')).toEqual({
      start: '2024-03-10T05:00:00.000Z',
      end: '2024-03-11T04:00:00.000Z',
    });
  });

  it('starts a day whose midnight is skipped at its first existing moment (Santiago, 2024-09-08)', () => {
    // Clocks went from 00:00 -04 straight to 01:00 -03, at 04:00Z.
    expect(period('2024-09-08..2024-09-09', 'America/Santiago')).toEqual({
      start: '2024-09-08T04:00:00.000Z',
      end: '2024-09-09T03:00:00.000Z',
    });
  });

  it('starts a month whose first midnight is skipped at its first existing moment (Asunción, 2023-10)', () => {
    expect(period('2023-10', 'America/Asuncion').start).toBe('2023-10-01T04:00:00.000Z');
    expect(period('2023-09', 'America/Asuncion').end).toBe('2023-10-01T04:00:00.000Z');
  });

  it('starts a day whose midnight happens twice at the first one (Havana, 2024-11-03)', () => {
    // 01:00 -04 went back to 00:00 -05, so 00:00 local was first reached at 04:00Z.
    expect(period('2024-11-03..2024-11-04', 'America/Havana')).toEqual({
      start: '2024-11-03T04:00:00.000Z',
      end: '2024-11-04T05:00:00.000Z',
    });
  });
});

describe('parsePeriod rejects', () => {
  it.each(['', '24', '2024-13', '2024-00', '2024-Q5', '2024-Q0', '2024-q1', '2024-3', '2023-02-30..2023-03-05',
    '2024-01-15..2023-13-01', '2024-01-15', '2024-01-15..', '2024-02-15..2024-02-15', '2024-02-15..2024-01-15', ' 2024'])(
    '%j, naming every accepted form',
    (text) => {
      const message = failure(parsePeriod(text, 'UTC'));
      expect(message).toContain(`"${text}"`);
      for (const form of ['YYYY', 'YYYY-Qn', 'YYYY-MM', 'YYYY-MM-DD..YYYY-MM-DD']) expect(message).toContain(form);
    },
  );

  it('says why a custom period is wrong', () => {
    expect(failure(parsePeriod('2023-02-30..2023-03-05', 'UTC'))).toContain('2023-02-30 is not a real date');
    expect(failure(parsePeriod('2024-02-15..2024-02-15', 'UTC'))).toContain('must be after');
  });

  it('rejects an unknown zone', () => {
    expect(failure(parsePeriod('2024', 'Mars/Olympus'))).toContain('unknown time zone "Mars/Olympus"');
  });
});

describe('parseAsOf', () => {
  it('takes instants as they are, whatever the zone', () => {
    expect(asOf('2024-03-01T09:30:00Z', 'Asia/Shanghai')).toBe('2024-03-01T09:30:00.000Z');
    expect(asOf('2024-03-01T09:30:00.123Z', 'UTC')).toBe('2024-03-01T09:30:00.123Z');
  });

  it('reads a date as the last millisecond of that local day', () => {
    expect(asOf('2024-03-01', 'UTC')).toBe('2024-03-01T23:59:59.999Z');
    expect(asOf('2024-02-29', 'UTC')).toBe('2024-02-29T23:59:59.999Z');
    expect(asOf('2024-12-31', 'UTC')).toBe('2024-12-31T23:59:59.999Z');
    expect(asOf('2024-03-01', 'Asia/Shanghai')).toBe('2024-03-01T15:59:59.999Z');
    // The day before New York springs forward ends at 05:00Z; the day it does, at 04:00Z.
    expect(asOf('2024-03-09', 'America/New_York')).toBe('2024-03-10T04:59:59.999Z');
    expect(asOf('2024-03-10', 'America/New_York')).toBe('2024-03-11T03:59:59.999Z');
    // Santiago 2024-09-07 ends one ms before 2024-09-08 starts, at its first existing moment.
    expect(asOf('2024-09-07', 'America/Santiago')).toBe('2024-09-08T03:59:59.999Z');
  });

  it('takes an option instant with an offset (SPEC §5) as the same instant in UTC', () => {
    expect(asOf('2024-06-30T12:00:00+08:00', 'UTC')).toBe('2024-06-30T04:00:00.000Z');
    expect(asOf('2024-06-30T12:00:00.250-03:30', 'Asia/Shanghai')).toBe('2024-06-30T15:30:00.250Z');
  });

  it.each(['2023-02-30', '2023-02-29', '2024-03-01T09:30:00+24:00', '2024-02-30T09:30:00+08:00', '2024-03-01T09:30:00+0800', '2024-03-01T24:00:00Z', '2024-03-01 09:30:00Z', 'now', ''])(
    'rejects %j, naming the accepted forms',
    (text) => {
      const message = failure(parseAsOf(text, 'UTC'));
      expect(message).toContain('YYYY-MM-DDTHH:MM:SSZ');
      expect(message).toContain('YYYY-MM-DD (');
    },
  );

  it('rejects an unknown zone', () => {
    expect(failure(parseAsOf('2024-03-01', 'Mars/Olympus'))).toContain('unknown time zone');
  });
});

describe('lastFullQuarter', () => {
  it('is the day’s own quarter on its last day, else the quarter before (the year before for Q1)', async () => {
    const { lastFullQuarter } = await import('../../../src/domain/time/period.js');
    expect(lastFullQuarter('2026-11-13')).toBe('2026-Q3');
    expect(lastFullQuarter('2026-09-30')).toBe('2026-Q3');
    expect(lastFullQuarter('2026-10-01')).toBe('2026-Q3');
    expect(lastFullQuarter('2026-03-30')).toBe('2025-Q4');
    expect(lastFullQuarter('2024-12-31')).toBe('2024-Q4');
    expect(() => lastFullQuarter('2024-1-1')).toThrow(RangeError);
    // Years of the first millennium keep four digits, so the period parses.
    expect(lastFullQuarter('0999-06-30')).toBe('0999-Q2');
    expect(lastFullQuarter('0001-01-01')).toBe('0000-Q4');
    expect(parsePeriod(lastFullQuarter('0001-01-01'), 'UTC')._tag).toBe('Right');
  });
});
