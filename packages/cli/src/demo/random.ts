// Seeded randomness for the demo firm. One tiny generator (mulberry32) instead of Math.random, so
// the same seed gives the same firm, byte for byte, on every machine and every day.

export interface Random {
  /** The seed this generator started from; `fork` derives children from it, not from the state. */
  readonly seed: number;
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** A float in [min, max). */
  between(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** One of the choices, with probability proportional to its weight. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T;
  /** Normal-ish: Irwin–Hall sum of six uniforms (no transcendental functions, same bits everywhere). */
  normal(mean: number, sd: number): number;
  /** median × e^(sigma·Z): sizes with a long right tail, such as fees. */
  logNormal(median: number, sigma: number): number;
  /** Uniform on a log scale between min and max (as many clients from 200k to 400k as from 400k to 800k). */
  logUniform(min: number, max: number): number;
  /** Poisson-distributed count (Knuth; for the small means the demo uses). */
  poisson(mean: number): number;
  /** A generator for a sub-task, so extra draws in one part of the firm do not reshuffle every other part. */
  fork(label: number): Random;
}

/** Mixes two 32-bit words into one (the murmur3 finaliser), spreading nearby seeds far apart. */
const mix = (a: number, b: number): number => {
  let h = (Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ b) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
};

/** Any safe integer seed (negative or above 2^32 too) as one 32-bit word. */
const seedWord = (seed: number): number => {
  const n = Math.trunc(seed);
  const low = n >>> 0;
  const high = Math.floor(n / 4294967296) >>> 0;
  return mix(low, high);
};

export const createRandom = (seed: number): Random => {
  let state = seedWord(seed);
  const next = (): number => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const normal = (mean: number, sd: number): number => {
    let sum = 0;
    for (let i = 0; i < 6; i++) sum += next();
    // The sum of six uniforms has mean 3 and variance 1/2.
    return mean + sd * (sum - 3) * Math.SQRT2;
  };
  const random: Random = {
    seed,
    next,
    int,
    between: (min, max) => min + next() * (max - min),
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new RangeError('pick from an empty list');
      return item;
    },
    weighted: <T>(choices: readonly (readonly [T, number])[]): T => {
      let total = 0;
      for (const [, weight] of choices) total += weight;
      let r = next() * total;
      for (const [value, weight] of choices) {
        if (r < weight) return value;
        r -= weight;
      }
      const last = choices[choices.length - 1];
      if (last === undefined) throw new RangeError('weighted pick from an empty list');
      return last[0];
    },
    normal,
    logNormal: (median, sigma) => median * Math.exp(sigma * normal(0, 1)),
    logUniform: (min, max) => min * Math.exp(next() * Math.log(max / min)),
    poisson: (mean) => {
      const limit = Math.exp(-mean);
      let k = 0;
      let p = next();
      while (p > limit) {
        k++;
        p *= next();
      }
      return k;
    },
    fork: (label) => createRandom(mix(seedWord(seed), label >>> 0)),
  };
  return random;
};
