// The one check of a count an embedding developer passes as an option (a cache size, a batch, a
// number of attempts): refused where it is given, naming it, never failing later (a cache of 0
// entries once looped for ever).

/** `value` when it is a positive integer (or, with `unbounded`, Infinity); else a RangeError naming the option. */
export const positiveInteger = (name: string, value: number, unbounded = false): number => {
  if (!(Number.isSafeInteger(value) || (unbounded && value === Number.POSITIVE_INFINITY)) || value < 1) {
    throw new RangeError(`${name} must be a positive integer, got ${String(value)}`);
  }
  return value;
};
