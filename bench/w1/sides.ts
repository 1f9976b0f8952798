// W1's comparisons run both sides in alternating slices of the same workload, so that a change in
// the machine during the run (the disk's flush latency, which moved a single-writer figure two-fold
// between minutes; another process taking a core) falls on both sides alike. Each side keeps its own
// store and carries on where its previous slice stopped: over the whole run each does exactly the
// work of one uninterrupted pass.
import { perSecond } from '../support/figures.js';

export interface W1Size {
  readonly clients: number;
  readonly commandsPerClient: number;
}

/** One side of a comparison: its store opened and set up (untimed), ready for slices of clients. */
export interface W1Side {
  /** Executes every command of clients [from, to); returns the milliseconds it took. */
  run(from: number, to: number): Promise<number>;
  /** Checks what the side wrote, after the last slice (untimed). */
  check?(): Promise<void>;
  /** Closes the side's store and drops what it was opened on. */
  close(): Promise<void>;
}

/** Slices per comparison: enough to spread the machine's moods over both sides. */
const ROUNDS = 10;

/**
 * Commands per second of each side over the same clients, run in ROUNDS alternating slices; the
 * side that goes first moves on by one every round. Every side is closed whatever happens.
 */
export const compareW1 = async <const T extends readonly (() => Promise<W1Side>)[]>(size: W1Size, open: T): Promise<{ -readonly [K in keyof T]: number }> => {
  const sides: W1Side[] = [];
  try {
    for (const opener of open) sides.push(await opener());
    const ms = sides.map(() => 0);
    const rounds = Math.min(ROUNDS, size.clients);
    for (let round = 0; round < rounds; round++) {
      const from = Math.floor((size.clients * round) / rounds);
      const to = Math.floor((size.clients * (round + 1)) / rounds);
      for (let k = 0; k < sides.length; k++) {
        const i = (round + k) % sides.length;
        ms[i]! += await sides[i]!.run(from, to);
      }
    }
    for (const side of sides) await side.check?.();
    const commands = size.clients * size.commandsPerClient;
    return ms.map((spent) => perSecond(commands, 0, spent)) as { -readonly [K in keyof T]: number };
  } finally {
    for (const side of sides) await side.close();
  }
};

/**
 * Runs `client` for every client of [from, to) on `concurrency` workers, each taking the next
 * client when it is done with one; returns the milliseconds the slice took.
 */
export const timedClients = async (from: number, to: number, concurrency: number, client: (c: number) => Promise<void>): Promise<number> => {
  let next = from;
  const worker = async (): Promise<void> => {
    for (let c = next++; c < to; c = next++) await client(c);
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, to - from)) }, worker));
  return performance.now() - start;
};
