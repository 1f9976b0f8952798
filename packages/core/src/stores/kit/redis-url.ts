// The rule for a single Redis server's URL that the driver does not enforce: ioredis reads a path
// that is no number as database NaN (SELECT fails, unhandled, after the caller has moved on),
// `/0/1` as database 0, and ignores `?db=`. The CLI's --read-models check and the Redis store's
// own opening both ask it, so a library caller gets the same refusal as the CLI's user.

/** Why the database of a `redis://` or `rediss://` URL is not one Rapport can open, or null. */
export const redisDatabaseProblem = (url: URL): string | null => {
  if (url.searchParams.has('db')) return "give the Redis database as the URL's path (redis://host:6379/N), not as ?db=";
  const database = url.pathname.replace(/^\//, '');
  if (database === '' || /^[0-9]{1,9}$/.test(database)) return null;
  return `the path of a redis:// URL is the database number, a whole number as in redis://host:6379/0, not ${JSON.stringify(database)}`;
};
