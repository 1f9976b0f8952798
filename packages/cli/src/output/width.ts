// How many terminal cells a string takes, so tables stay aligned with Chinese names in them.

// East Asian Wide and Fullwidth blocks (the ones a firm's names and emoji come from).
const WIDE: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f], [0x2e80, 0x303e], [0x3041, 0x33ff], [0x3400, 0x4dbf], [0x4e00, 0x9fff],
  [0xa000, 0xa4cf], [0xac00, 0xd7a3], [0xf900, 0xfaff], [0xfe30, 0xfe4f], [0xff00, 0xff60],
  [0xffe0, 0xffe6], [0x1f300, 0x1f64f], [0x1f900, 0x1f9ff], [0x20000, 0x3fffd],
];

const ZERO_WIDTH = /^[\p{Mn}\p{Me}\u200b-\u200f\u2060\ufeff]$/u;

const isWide = (codePoint: number): boolean => WIDE.some(([from, to]) => codePoint >= from && codePoint <= to);

export const displayWidth = (text: string): number => {
  let width = 0;
  for (const char of text) {
    const codePoint = char.codePointAt(0) ?? 0;
    if (codePoint < 0x7f) width += 1;
    else if (ZERO_WIDTH.test(char)) continue;
    else width += isWide(codePoint) ? 2 : 1;
  }
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
