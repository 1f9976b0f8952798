// `Date.parse` of an instant, without the engine's general date parser for the one form stores
// write (`toISOString()`'s, e.g. 2024-03-01T09:30:00.000Z): a rebuild parses two instants per
// event. Any other text goes to Date.parse itself, so the answer is always Date.parse's.
import { DAY_MS, daysFromCivil } from './civil.js';
import { daysInMonth, digitAt, isIsoText, twoDigitsAt } from './iso-text.js';

/** Epoch milliseconds of `text`, exactly as `Date.parse(text)` (NaN for what is no date). */
export const instantMs = (text: string): number => {
  if (!isIsoText(text)) return Date.parse(text);
  const year = twoDigitsAt(text, 0) * 100 + twoDigitsAt(text, 2);
  const month = twoDigitsAt(text, 5);
  const day = twoDigitsAt(text, 8);
  const hour = twoDigitsAt(text, 11);
  const minute = twoDigitsAt(text, 14);
  const second = twoDigitsAt(text, 17);
  const ms = digitAt(text, 20) * 100 + twoDigitsAt(text, 21);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || ms < 0) {
    return Date.parse(text);
  }
  return daysFromCivil(year, month, day) * DAY_MS + hour * 3_600_000 + minute * 60_000 + second * 1000 + ms;
};
