// SPEC §3: a command whose occurredAt is more than 24 hours after the moment it is executed is
// InvalidCommand, so a mistyped year never stands in a stream making every later command OutOfOrder.
// The command path checks it against its clock; `import` checks a stored event against its own
// recordedAt, which the store stamped no earlier than that check ran.

/** How far after the moment of execution a command's occurredAt may lie. */
export const FUTURE_LIMIT_MS = 24 * 60 * 60 * 1000;
