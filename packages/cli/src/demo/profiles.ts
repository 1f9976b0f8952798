// Who the clients are and when each first shows up: the firm's existing book entered in its first
// weeks on Rapport, then new prospects all through the history, in bursts after trade fairs.
import { businessInstant, dayOf, workdayOnOrAfter, yearOfDay, type Day } from './calendar.js';
import type { Random } from './random.js';
import {
  BRAND_SYLLABLES, CITIES, DEFAULT_SERVICES, EXISTING_CLIENT_SOURCES, INDUSTRIES, NEW_CLIENT_SOURCES, PRIMARY_SERVICES,
  industryWords, type ServiceLine, type Source,
} from './vocabulary.js';

export interface ClientProfile {
  readonly index: number;
  readonly clientId: string;
  readonly name: string;
  /** occurredAt of RegisterClient. */
  readonly arrival: number;
  /** Already a client before the firm started recording: engaged at once, on a contract renewing some time in the first year. */
  readonly existing: boolean;
  readonly source: Source;
  readonly industry: string;
  readonly serviceLine: ServiceLine;
  /** What a year of this client's work is worth, in minor units: the 80/20 comes from this long tail. */
  readonly annualFee: number;
  /** A key account in the making (DOMAIN: 200,000.00 or more a year). */
  readonly key: boolean;
}

/** Share of the clients that are the firm's existing book. */
const EXISTING_SHARE = 0.3;
/** New prospects come in a little faster each year as the firm grows. */
const GROWTH = 0.25;

const companyName = (random: Random, industry: string): string => {
  const first = random.pick(BRAND_SYLLABLES);
  const second = random.pick(BRAND_SYLLABLES).toLowerCase();
  const words = random.pick(industryWords(industry));
  const city = random.chance(0.8) ? `${random.pick(CITIES)} ` : '';
  return `${city}${first}${second} ${words} Co., Ltd.`;
};

/** Trade fairs the firm exhibits at: a spring and an autumn export fair, a Shanghai import expo. */
const fairDays = (startDay: Day, endDay: Day): Day[] => {
  const days: Day[] = [];
  for (let year = yearOfDay(startDay); year <= yearOfDay(endDay); year++) {
    for (const [month, date] of [[3, 20], [4, 15], [10, 15], [11, 5]] as const) {
      const day = dayOf(year, month, date);
      if (day >= startDay + 3 && day <= endDay - 5) days.push(day);
    }
  }
  return days;
};

const newProspectDay = (random: Random, startDay: Day, endDay: Day): Day => {
  const first = startDay + 7;
  const span = Math.max(1, endDay - 2 - first);
  for (;;) {
    const x = random.next();
    if (random.next() * (1 + GROWTH) > 1 + GROWTH * x) continue;
    const day = workdayOnOrAfter(first + Math.floor(x * span));
    if (day <= endDay) return day;
  }
};

const arrivalDay = (random: Random, existing: boolean, source: Source, fairs: readonly Day[], startDay: Day, endDay: Day): Day => {
  if (existing) return workdayOnOrAfter(startDay + random.int(1, 42));
  if (source === 'exhibition' && fairs.length > 0) {
    const day = workdayOnOrAfter(random.pick(fairs) + random.int(1, 12));
    if (day <= endDay) return day;
  }
  return newProspectDay(random, startDay, endDay);
};

export const generateProfiles = (random: Random, count: number, startDay: Day, endDay: Day): ClientProfile[] => {
  const fairs = fairDays(startDay, endDay);
  const drawn = Array.from({ length: count }, (_, order) => {
    const existing = random.chance(EXISTING_SHARE);
    const source = random.weighted(existing ? EXISTING_CLIENT_SOURCES : NEW_CLIENT_SOURCES);
    const industry = random.weighted(INDUSTRIES);
    const key = random.chance(0.07);
    const annualFee = key
      ? random.logUniform(20_000_000, 120_000_000)
      : Math.min(15_000_000, Math.max(300_000, random.logNormal(1_800_000, 0.7)));
    return {
      order,
      name: companyName(random, industry),
      arrival: businessInstant(random, arrivalDay(random, existing, source, fairs, startDay, endDay)),
      existing,
      source,
      industry,
      serviceLine: random.weighted(PRIMARY_SERVICES[industry] ?? DEFAULT_SERVICES),
      annualFee,
      key,
    };
  });
  // Client numbers follow registration order, as a firm's own numbering would.
  drawn.sort((a, b) => a.arrival - b.arrival || a.order - b.order);
  const width = Math.max(4, String(count).length);
  return drawn.map(({ order: _order, ...profile }, index) => ({ index, clientId: `c-${String(index + 1).padStart(width, '0')}`, ...profile }));
};
