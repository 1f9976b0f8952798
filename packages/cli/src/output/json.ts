// JSON output: the spec's documents as they are, absent values as null (never omitted).
/** Two-space indented JSON and a final newline; `undefined` members become null, as the spec wants. */
export const renderJson = (value: unknown): string =>
  `${JSON.stringify(value, (_key, member: unknown) => (member === undefined ? null : member), 2)}\n`;
