// The demo generator's public shapes, kept apart so the assembler and the entry point share them
// without importing each other.

export interface DemoOptions {
  /** Clients registered over the history, 1–100000. */
  readonly clients: number;
  /** Years of history, 1–10, ending on the fixed last day. */
  readonly years: number;
  /** Any safe integer; the same seed gives the same firm. */
  readonly seed: number;
}

export interface DemoEntry {
  /** A plain JSON command exactly as SPEC §2/§3 define it (type, commandId, occurredAt, actor, + fields). */
  readonly command: Readonly<Record<string, unknown>>;
  /** The simulated system time at which it is entered (becomes the event's recordedAt). ISO `toISOString()` form. */
  readonly recordedAt: string;
}

export interface DemoFirm {
  /** In the order they must be executed: recordedAt non-decreasing. */
  readonly entries: readonly DemoEntry[];
  readonly timeZone: string;
  /** 'YYYY-MM-DD': the local day of the last occurredAt in the history. */
  readonly lastDay: string;
}
