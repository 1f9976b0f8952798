// Canonical JSON (SPEC §6): what JSON.stringify writes, but with every object's keys sorted by
// code unit, so that the same event always hashes the same whatever order its fields were built in.

/**
 * Serializes like `JSON.stringify(value)` (toJSON, undefined/function/symbol members omitted, and
 * null in arrays, non-finite numbers as null, BigInt rejected) with object keys sorted.
 * Returns undefined where JSON.stringify would (a bare undefined, function or symbol).
 */
export const canonicalJson = (value: unknown): string | undefined => write('', value);

// Rebuilding sorted objects and handing them to JSON.stringify would not work: integer-like keys
// ("10", "2") are always enumerated in numeric order, so the serializer writes keys itself.
/** Printable ASCII other than `"` and `\`: text JSON.stringify writes as it is, between quotes. */
const VERBATIM = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/**
 * `JSON.stringify(text)`: most text an event holds (ids, instants, names) needs no escaping, and
 * checking that is about twice as fast as the general serializer.
 */
export const quoteJson = (text: string): string => (VERBATIM.test(text) ? `"${text}"` : JSON.stringify(text));

const write = (key: string, value: unknown): string | undefined => {
  switch (typeof value) {
    case 'string':
      return quoteJson(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      throw new TypeError('Do not know how to serialize a BigInt');
    case 'object':
      if (value === null) return 'null';
      if ('toJSON' in value && typeof value.toJSON === 'function') return write(key, value.toJSON(key));
      if (Array.isArray(value)) return writeArray(value);
      if (value instanceof Number || value instanceof String || value instanceof Boolean) return write(key, value.valueOf());
      // Any other object is serialized through its own enumerable string keys, as JSON.stringify does.
      return writeObject(value as Readonly<Record<string, unknown>>);
    default:
      return undefined;
  }
};

const writeArray = (items: readonly unknown[]): string => {
  let out = '[';
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out += ',';
    out += write(String(i), items[i]) ?? 'null';
  }
  return out + ']';
};

/**
 * An object's own enumerable keys in UTF-16 code-unit order (the order SPEC §1 asks for text, and
 * what the default sort gives). Events have a handful of keys: an insertion sort allocates nothing,
 * where Array.prototype.sort allocated ~0.9 KB per call, a sixth of all a command allocated.
 */
export const sortedKeys = (object: object): string[] => {
  const keys = Object.keys(object);
  if (keys.length > 16) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!;
    let j = i - 1;
    while (j >= 0 && keys[j]! > key) {
      keys[j + 1] = keys[j]!;
      j--;
    }
    keys[j + 1] = key;
  }
  return keys;
};

const writeObject = (object: Readonly<Record<string, unknown>>): string => {
  const keys = sortedKeys(object);
  let out = '';
  for (const k of keys) {
    const member = write(k, object[k]);
    if (member === undefined) continue;
    const key = keyText(k);
    out += (out === '' ? key.first : key.next) + member;
  }
  return out === '' ? '{}' : out + '}';
};

// Events repeat a few dozen field names millions of times: each is quoted once, with what goes
// before it, so a member costs two concatenations. Bounded so that data with ever-new keys cannot
// grow it without limit.
interface KeyText {
  /** `{"key":`, opening the object. */
  readonly first: string;
  /** `,"key":`, after another member. */
  readonly next: string;
}
const keyTexts = new Map<string, KeyText>();
const keyText = (key: string): KeyText => {
  let text = keyTexts.get(key);
  if (text === undefined) {
    const quoted = JSON.stringify(key);
    text = { first: `{${quoted}:`, next: `,${quoted}:` };
    if (keyTexts.size < 10_000) keyTexts.set(key, text);
  }
  return text;
};
