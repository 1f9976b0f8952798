// Exit codes of every command (SPEC §5), and the one error type that means "the user asked wrongly".
export const EXIT = {
  ok: 0,
  /** A domain or integrity failure: rejected commands, unknown client, refused import, broken chain. */
  failure: 1,
  /** A usage error, an unreadable file included. */
  usage: 2,
  /** A store that cannot be reached. */
  unavailable: 3,
  /** Stopped by SIGINT (Ctrl-C) or SIGTERM before the end, as a shell reports a process SIGINT ended. */
  interrupted: 130,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A usage error: printed as its message alone (no stack) with exit code 2. */
export class UsageError extends Error {
  override readonly name: string = 'UsageError';
}

/**
 * A --store or --read-models location that holds no store (a missing file, another program's
 * database): the user's mistake on the command line (exit 2), but a server started on a store
 * that then went away answers it as an outage (503), not as a bad request.
 */
export class StoreLocationError extends UsageError {
  override readonly name = 'StoreLocationError';
}
