// What the PostgreSQL store needs to know of a driver error: its SQLSTATE, and a message that
// never shows a password.

const sqlState = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : undefined;

/** unique_violation: a (stream, stream_version) already taken. */
export const isDuplicateKey = (error: unknown): boolean => sqlState(error) === '23505';

/** serialization_failure or deadlock_detected: nothing was written, the transaction may run again. */
export const isRetryable = (error: unknown): boolean => {
  const code = sqlState(error);
  return code === '40001' || code === '40P01';
};

/** invalid_catalog_name: the URL names a database the server does not have. */
export const isMissingDatabase = (error: unknown): boolean => sqlState(error) === '3D000';

/**
 * invalid_authorization_specification (a role the server does not have, no pg_hba.conf entry for
 * it) or invalid_password: the server answered and refused the URL's credentials.
 */
export const isRefusedLogin = (error: unknown): boolean => {
  const code = sqlState(error);
  return code === '28000' || code === '28P01';
};

/** pg's own query_timeout fired: the server did not answer in time (nothing says it did not act). */
export const isQueryTimeout = (error: unknown): boolean => error instanceof Error && error.message === 'Query read timeout';

export const messageOf = (error: unknown): string => {
  if (!(error instanceof Error)) return String(error);
  // The server may be reachable and waiting: on a lock another session holds (a LOCK TABLE, a
  // long migration), or under load. Both are said, since from here the two look the same.
  if (isQueryTimeout(error)) return 'no answer from the server in time (query time-out): it is unreachable or overloaded, or the statement waits on a lock another session holds (see pg_locks)';
  // An AggregateError (every address of a host refused) has an empty message of its own.
  if (error.message === '' && error instanceof AggregateError) return error.errors.map(messageOf).join('; ');
  return error.message;
};

