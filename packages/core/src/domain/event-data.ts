/**
 * An event's data holds the command's own fields only, with absent optionals left out rather than
 * stored as undefined or null (SPEC §1), so the stored JSON and its hash are the same in every store.
 */
export const eventData = <C extends object, K extends keyof C>(command: C, keys: readonly K[]): { [P in K]: C[P] } => {
  const data: Partial<{ [P in K]: C[P] }> = {};
  for (const key of keys) {
    const value = command[key];
    if (value !== undefined && value !== null) data[key] = value;
  }
  return data as { [P in K]: C[P] };
};
