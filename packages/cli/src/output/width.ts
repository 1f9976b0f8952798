// How many terminal cells a string takes, so tables stay aligned with Chinese names in them.

// East Asian Wide and Fullwidth blocks of letters (UAX #11): Han, Kana, Hangul, Tangut, fullwidth
// forms. Emoji are not listed here: the runtime's own Unicode data knows them (RGI_EMOJI below).
const WIDE: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f], [0x2329, 0x232a], [0x2e80, 0x303e], [0x3041, 0x33ff], [0x3400, 0x4dbf], [0x4e00, 0x9fff],
  [0xa000, 0xa4cf], [0xa960, 0xa97f], [0xac00, 0xd7a3], [0xf900, 0xfaff], [0xfe10, 0xfe19], [0xfe30, 0xfe6f],
  [0xff00, 0xff60], [0xffe0, 0xffe6], [0x16fe0, 0x16fff], [0x17000, 0x18cff], [0x18d00, 0x18d7f],
  [0x1aff0, 0x1b2ff], [0x1f200, 0x1f2ff], [0x20000, 0x3fffd],
];

const ZERO_WIDTH = /^[\p{Mn}\p{Me}\u200b-\u200f\u2060\ufeff]$/u;

/**
 * A whole emoji as Unicode recommends them (🚀, ⚡, ❤️ with its variation selector, 🇨🇳, 👍🏽, a
 * family joined by ZWJ): two cells each, for every emoji the runtime's Unicode version knows. Built
 * with `new` because the v flag is newer than the ES2022 the compiler targets.
 */
const RGI_EMOJI = new RegExp('^\\p{RGI_Emoji}$', 'v');

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

const isWide = (codePoint: number): boolean => WIDE.some(([from, to]) => codePoint >= from && codePoint <= to);

const charWidth = (char: string): number => {
  const codePoint = char.codePointAt(0) ?? 0;
  if (codePoint < 0x7f) return 1;
  if (ZERO_WIDTH.test(char)) return 0;
  return isWide(codePoint) ? 2 : 1;
};

/** Cells of one user-perceived character: an emoji 2, else its first character's (marks after it take none). */
const graphemeWidth = (grapheme: string): number => {
  if (RGI_EMOJI.test(grapheme)) return 2;
  for (const char of grapheme) {
    const width = charWidth(char);
    if (width > 0) return width;
  }
  return 0;
};

/** The user-perceived characters of `text`, which a cut must keep whole (an emoji and its modifiers). */
export const graphemesOf = function* (text: string): Generator<string> {
  for (const { segment } of graphemes.segment(text)) yield segment;
};

export const displayWidth = (text: string): number => {
  // Plain ASCII, most cells: no segmenting.
  // eslint-disable-next-line no-control-regex
  if (/^[\u0000-\u007e]*$/.test(text)) return text.length;
  let width = 0;
  for (const { segment } of graphemes.segment(text)) width += graphemeWidth(segment);
  return width;
};

// C0 controls, DEL and C1 controls (ESC and CSI start terminal escape sequences that can recolour,
// move the cursor or retitle the window), and the bidirectional embeddings, overrides and isolates
// and line separators that can reorder or split what a line shows.
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const SHORT_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

/** Control characters shown as escapes (`\n`, `\u001b`), so a name never reaches a terminal raw. */
export const printable = (text: string): string =>
  text.replace(UNPRINTABLE, (char) => SHORT_ESCAPES[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** A message for standard error: its line breaks kept, every other control character escaped. */
export const printableLines = (text: string): string => text.split('\n').map(printable).join('\n');
