// A value as a message about it quotes it: strings in quotes (so "3" and 3 read differently), what
// JSON cannot write still named, a Date said to be one, and long values cut.
export const showValue = (value: unknown): string => {
  let text: string;
  try {
    // A Date would show as a valid instant string, hiding that it is a Date and not a string.
    text = value instanceof Date ? `a Date (${String(value)})` : typeof value === 'bigint' ? `${value}n` : (JSON.stringify(value) ?? String(value));
  } catch {
    // What JSON cannot write (a BigInt inside an object, a cycle) is still named.
    text = Object.prototype.toString.call(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};
