// The URL a request names. Only the path and query matter; the host is whatever the client called
// us by.

const ORIGIN = 'http://dashboard.invalid';

/**
 * The path and query of a request target, or undefined when it is neither a path (`/…`, the form
 * every browser sends) nor an absolute http URL (the form a proxy sends). A path is read as a path:
 * `//api/x` is the path `//api/x`, not the host `api` (as `new URL(target, base)` would read it).
 */
export const requestUrl = (target: string): URL | undefined => {
  try {
    if (target.startsWith('/')) return new URL(`${ORIGIN}${target}`);
    if (/^https?:\/\//i.test(target)) return new URL(target);
  } catch {
    // Not a URL: undefined, as for any other form.
  }
  return undefined;
};
