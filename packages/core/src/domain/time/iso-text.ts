// Instants laid out as `toISOString()` writes years 0000–9999 (what every decoded command and stored
// event carries): for such text, text order is time order, so comparing two needs no Date.parse.

/** `YYYY-MM-DDTHH:MM:SS.sssZ` with a four-digit year (the layout; a decoded instant has digits). */
export const isIsoText = (text: string): boolean =>
  text.length === 24 && text[4] === '-' && text[7] === '-' && text[10] === 'T' && text[13] === ':' && text[16] === ':' && text[19] === '.' && text[23] === 'Z';

/** `Date.parse(a) < Date.parse(b)`, by text where both are in the toISOString layout. */
export const isEarlier = (a: string, b: string): boolean => (isIsoText(a) && isIsoText(b) ? a < b : Date.parse(a) < Date.parse(b));
