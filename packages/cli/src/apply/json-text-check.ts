// What JSON.parse hides in a command line: a number it had to round, and a key given twice (it
// keeps the last). `"fee":1.0000000000000001` would be read as the whole number 1,
// `9007199254740993` as 9007199254740992 and `1e-400` as 0, each then passing the integer checks
// (SPEC §1: fractions are invalid where an integer is required); `{"fee":-5,"fee":7}` would be
// applied as 7. The line is valid JSON already (JSON.parse read it), so one pass over its text
// finds both: each number token as written, and each key of the top-level object.

/** Why the text of a parsed command line cannot be taken as JSON.parse read it, naming the field. */
export interface JsonTextProblem {
  readonly field: string;
  readonly message: string;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;

const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isNumberChar = (c: number): boolean => (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x65 || c === 0x45 || c === 0x2b || c === 0x2d;

const NUMBER = /^-?(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;
const TWO_TO_53 = 2 ** 53;

/** Why the number written as `token` is not the value JSON.parse gives it, or null when it is. */
export const numberProblem = (token: string): string | null => {
  const value = Number(token);
  if (!Number.isFinite(value)) return `the number ${token} is out of range`;
  // A fraction JSON can hold is left to the field's own check, which names the rule, and so is a
  // whole number past 2^53, which no field takes: only a value that passes for a safe integer hides.
  if (!Number.isInteger(value) || Math.abs(value) > TWO_TO_53) return null;
  const m = NUMBER.exec(token);
  if (m === null) return null;
  const fraction = m[2] ?? '';
  const significant = `${m[1]}${fraction}`.replace(/^0+/, '');
  if (significant === '') return null;
  const trimmed = significant.replace(/0+$/, '');
  const exponent = Number(m[3] ?? '0') - fraction.length + (significant.length - trimmed.length);
  if (exponent < 0) return `the number ${token} is not a whole number (it would be read as ${value})`;
  const exact = BigInt(trimmed) * 10n ** BigInt(exponent);
  if (exact !== (value < 0 ? -BigInt(value) : BigInt(value))) return `the number ${token} cannot be held exactly (it would be read as ${value})`;
  return null;
};

/**
 * The first number rounded, or key repeated, in `text` (valid JSON), or null; only in the
 * top-level fields `matters` keeps (a field the command ignores cannot be misread into it).
 */
export const jsonTextProblem = (text: string, matters: (field: string) => boolean = () => true): JsonTextProblem | null => {
  const keys = new Set<string>();
  let depth = 0;
  let field: string | null = null;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const start = i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === BACKSLASH) i += 2;
        else if (d === QUOTE) break;
        else i++;
      }
      i++;
      if (depth !== 1) continue;
      let j = i;
      while (j < n && isSpace(text.charCodeAt(j))) j++;
      if (text.charCodeAt(j) !== COLON) continue;
      const key = JSON.parse(text.slice(start, i)) as string;
      if (keys.has(key) && matters(key)) return { field: key, message: `${key} is given more than once` };
      keys.add(key);
      field = key;
    } else if (c === 0x7b || c === 0x5b) {
      depth++;
      i++;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
      i++;
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      const start = i++;
      while (i < n && isNumberChar(text.charCodeAt(i))) i++;
      const problem = numberProblem(text.slice(start, i));
      if (problem !== null && (field === null || matters(field))) return { field: field ?? 'command', message: `${field ?? 'command'}: ${problem}` };
    } else i++;
  }
  return null;
};
