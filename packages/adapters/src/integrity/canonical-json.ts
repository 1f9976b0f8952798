// Canonical JSON (SPEC §6): what JSON.stringify writes, but with every object's keys sorted by
// code unit, so that the same event always hashes the same whatever order its fields were built in.

/**
 * Serializes like `JSON.stringify(value)` (toJSON, undefined/function/symbol members omitted, and
 * null in arrays, non-finite numbers as null, BigInt rejected) with object keys sorted.
 * Returns undefined where JSON.stringify would (a bare undefined, function or symbol).
 */
export const canonicalJson = (value: unknown): string | undefined => write('', value);

// Rebuilding sorted objects and handing them to JSON.stringify would not work: integer-like keys
// ("10", "2") are always enumerated in numeric order, so the serializer has to write keys itself.
const write = (key: string, value: unknown): string | undefined => {
  let v = value;
  if (typeof v === 'object' && v !== null && 'toJSON' in v && typeof v.toJSON === 'function') v = v.toJSON(key);
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      return Number.isFinite(v) ? String(v) : 'null';
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      throw new TypeError('Do not know how to serialize a BigInt');
    case 'object':
      if (v === null) return 'null';
      if (Array.isArray(v)) return writeArray(v);
      if (v instanceof Number || v instanceof String || v instanceof Boolean) return write(key, v.valueOf());
      return writeObject(v);
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

const writeObject = (object: object): string => {
  // Default sort compares UTF-16 code units: the order SPEC §1 asks for text.
  const keys = Object.keys(object).sort();
  let out = '{';
  let first = true;
  for (const k of keys) {
    const member = write(k, Reflect.get(object, k));
    if (member === undefined) continue;
    out += (first ? '' : ',') + JSON.stringify(k) + ':' + member;
    first = false;
  }
  return out + '}';
};
