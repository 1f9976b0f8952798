// The three sizes of a run: full (the figures), quick (under ~5 minutes on 2 cores) and
// tiny (CI: every path runs once so the harness cannot rot; its figures mean nothing).

export interface Sizes {
  readonly name: 'full' | 'quick' | 'tiny';
  /** W1 on memory and SQLite: clients × commands each. */
  readonly w1: { readonly clients: number; readonly commandsPerClient: number };
  readonly w1Postgres: { readonly clients: number; readonly commandsPerClient: number };
  /** W2: clients of the generated firm `apply` executes (years of history fixed at 3). */
  readonly w2Clients: number;
  /** W3: events of the rebuilt log, over `w3Clients` clients (W4 and W5 read the same firm). */
  readonly w3Events: number;
  readonly w3Clients: number;
  /** W4: calls per report (the median is taken); W5: cold processes per command. */
  readonly w4Runs: number;
  readonly w5Runs: number;
}

export const SIZES: Readonly<Record<Sizes['name'], Sizes>> = {
  full: {
    name: 'full',
    w1: { clients: 10_000, commandsPerClient: 10 },
    w1Postgres: { clients: 10_000, commandsPerClient: 10 },
    w2Clients: 30_000,
    w3Events: 1_000_000,
    w3Clients: 10_000,
    w4Runs: 21,
    w5Runs: 5,
  },
  quick: {
    name: 'quick',
    w1: { clients: 2_000, commandsPerClient: 10 },
    w1Postgres: { clients: 1_000, commandsPerClient: 10 },
    w2Clients: 10_000,
    w3Events: 200_000,
    w3Clients: 10_000,
    w4Runs: 11,
    w5Runs: 3,
  },
  tiny: {
    name: 'tiny',
    w1: { clients: 30, commandsPerClient: 10 },
    w1Postgres: { clients: 20, commandsPerClient: 10 },
    w2Clients: 40,
    w3Events: 2_000,
    w3Clients: 100,
    w4Runs: 1,
    w5Runs: 1,
  },
};
