// `Date.parse` of an instant, without the engine's general date parser for the one form stores
// write (`toISOString()`'s, e.g. 2024-03-01T09:30:00.000Z): a rebuild parses two instants per
// event. Any other text goes to Date.parse itself, so the answer is always Date.parse's.
import { digitAt, isIsoText, isoSecondsMs, twoDigitsAt } from './iso-text.js';

/** Epoch milliseconds of `text`, exactly as `Date.parse(text)` (NaN for what is no date). */
export const instantMs = (text: string): number => {
  if (!isIsoText(text)) return Date.parse(text);
  const seconds = isoSecondsMs(text);
  const ms = digitAt(text, 20) * 100 + twoDigitsAt(text, 21);
  return Number.isNaN(seconds) || ms < 0 ? Date.parse(text) : seconds + ms;
};
