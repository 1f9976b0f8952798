// A value as a message about it quotes it: strings in quotes (so "3" and 3 read differently), what
// JSON cannot write still named, a Date said to be one, and long values cut.
export const showValue = (value: unknown): string => {
  let text: string;
  try {
    // A Date would show as a valid instant string, hiding that it is a Date and not a string.
    text =
      value instanceof Date
        ? `a Date (${String(value)})`
        : typeof value === 'bigint'
          ? `${value}n`
          : // JSON writes Infinity and NaN as null, which would blame a null nobody sent.
            typeof value === 'number' && !Number.isFinite(value)
            ? String(value)
            : // A boxed primitive is JSON's "5" or 5, though it is neither a string nor a number.
              value instanceof Number || value instanceof String || value instanceof Boolean
              ? `a ${value.constructor.name} object (${JSON.stringify(value)})`
              : (JSON.stringify(value) ?? String(value));
  } catch {
    // What JSON cannot write (a BigInt inside an object, a cycle) is still named.
    text = Object.prototype.toString.call(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};
