// Who may read the dashboard. Without a token it answers anyone who can reach its address, which is
// why it listens on this machine only unless told otherwise, and why another --host needs either a
// token or an explicit --no-auth. With RAPPORT_SERVE_TOKEN set, every request must carry the token:
// `Authorization: Bearer TOKEN` from a script, or the token as the password of HTTP Basic (any user
// name) from a browser, which asks for it itself on a 401. The token comes from the environment,
// not from an option, so that it never shows in the process list.
import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { UsageError } from '../exit-codes.js';

export const TOKEN_ENV = 'RAPPORT_SERVE_TOKEN';
/** 16 characters at the least: `openssl rand -hex 16` gives 32. */
export const MIN_TOKEN_LENGTH = 16;

/** Whether a request's Authorization header lets it in. */
export type Gate = (authorization: string | undefined) => boolean;

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** The token a request presents, from a Bearer or a Basic Authorization header; undefined when none. */
export const presentedToken = (authorization: string | undefined): string | undefined => {
  const [scheme, value, ...rest] = (authorization ?? '').trim().split(/\s+/);
  if (scheme === undefined || value === undefined || rest.length > 0) return undefined;
  if (/^bearer$/i.test(scheme)) return value;
  if (!/^basic$/i.test(scheme)) return undefined;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : decoded.slice(colon + 1);
};

/** Compared as digests of equal length, in constant time: a wrong guess says nothing of the token. */
export const tokenGate = (token: string): Gate => {
  const expected = digest(token);
  return (authorization) => {
    const presented = presentedToken(authorization);
    return presented !== undefined && timingSafeEqual(digest(presented), expected);
  };
};

/** 127.0.0.0/8, ::1 in any of its spellings, and localhost: addresses only this machine reaches. */
export const isLoopback = (host: string): boolean => {
  if (host.toLowerCase() === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return new URL(`http://[${host}]/`).hostname === '[::1]';
  return false;
};

/**
 * The gate of this run, or null when every request is let in: on this machine's own address, or
 * elsewhere when --no-auth says so. A usage error for a token too short to be one, for both a
 * token and --no-auth, and for another host with neither.
 */
export const gateFor = (env: Readonly<Record<string, string | undefined>>, host: string, noAuth: boolean): Gate | null => {
  const token = env[TOKEN_ENV];
  if (token !== undefined && token !== '') {
    if (noAuth) throw new UsageError(`--no-auth and ${TOKEN_ENV} contradict each other: unset one of them`);
    if (token.length < MIN_TOKEN_LENGTH) throw new UsageError(`${TOKEN_ENV} must be at least ${MIN_TOKEN_LENGTH} characters (a random one: openssl rand -hex 16)`);
    // Whitespace could never be sent after `Bearer`, and a token of spaces is no secret at all.
    if (/[\s\p{Cc}]/u.test(token)) throw new UsageError(`${TOKEN_ENV} must not contain spaces or control characters (a random one: openssl rand -hex 16)`);
    return tokenGate(token);
  }
  if (noAuth || isLoopback(host)) return null;
  throw new UsageError(
    `--host ${host} would let anyone who can reach it read the firm's clients: set ${TOKEN_ENV} (every request must then carry it), or add --no-auth to serve without one`,
  );
};
