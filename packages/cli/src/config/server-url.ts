// Server URLs checked before any driver sees them. A driver reads a bad port or database as
// something else or fails deep inside with a stack trace: ioredis quietly uses database 0 for
// `redis://…/99` on a 16-database server and reads `/abc` as NaN, and pg falls back to a database
// named after the user. Here each mistake is a usage error in plain words, naming the option.
import { redactUrl, redisDatabaseProblem } from '@rapport/core/store-kit';
import { UsageError } from '../exit-codes.js';

const PORT = /^[0-9]+$/;

/** The text between `scheme://` and the path, without the `user:password@` part. */
const authorityOf = (text: string): string => {
  const rest = text.slice(text.indexOf('://') + 3);
  const end = rest.search(/[/?#]/);
  const authority = end === -1 ? rest : rest.slice(0, end);
  return authority.slice(authority.lastIndexOf('@') + 1);
};

/** Hosts of the authority, each `host`, `host:port` or `[v6]:port`; EventStoreDB lists several, comma-separated. */
const hostsOf = (authority: string): { host: string; port: string | undefined }[] =>
  authority.split(',').map((entry) => {
    const match = /^(\[[^\]]*\]|[^:]*)(?::(.*))?$/.exec(entry);
    return { host: match?.[1] ?? entry, port: match?.[2] };
  });

/**
 * Checks every port of the URL's authority (1–65535) and that no host is empty, before the URL
 * parser refuses a port over 65535 with a bare "invalid URL"; says how many hosts it lists.
 */
export const checkAuthority = (text: string, scheme: string, option: string): { readonly hosts: number } => {
  const hosts = hostsOf(authorityOf(text));
  for (const { host, port } of hosts) {
    if (host === '') throw new UsageError(`${option}: ${scheme}:// URL needs a host: ${redactUrl(text)}`);
    if (port === undefined || port === '') continue;
    const number = PORT.test(port) ? Number(port) : NaN;
    if (!(number >= 1 && number <= 65535)) {
      throw new UsageError(`${option}: port must be a whole number from 1 to 65535, not ${JSON.stringify(port)}: ${redactUrl(text)}`);
    }
  }
  return { hosts: hosts.length };
};

/** `postgres://…/DATABASE`: one path segment, not empty (pg would otherwise pick a database named after the user). */
export const checkPostgresPath = (url: URL, text: string, option: string): void => {
  const database = url.pathname.replace(/^\//, '');
  if (database === '') {
    throw new UsageError(`${option}: a postgres:// URL needs a database name, as in postgres://user@host:5432/rapport: ${redactUrl(text)}`);
  }
  if (database.includes('/')) {
    throw new UsageError(`${option}: the path of a postgres:// URL is the database name alone, not ${JSON.stringify(database)}: ${redactUrl(text)}`);
  }
};

/**
 * `redis://host:port/N`: N a whole number (default 0). Whether the server has database N is
 * known only once connected: the Redis store checks that itself.
 */
export const checkRedisPath = (url: URL, text: string, option: string): void => {
  const problem = redisDatabaseProblem(url);
  if (problem !== null) throw new UsageError(`${option}: ${problem}: ${redactUrl(text)}`);
};

/** `esdb://host:port[,host:port…]?options`: EventStoreDB's connection strings have no path. */
export const checkEsdbPath = (text: string, option: string): void => {
  const rest = text.slice(text.indexOf('://') + 3);
  const path = /^[^/?#]*(\/[^?#]*)?/.exec(rest)?.[1] ?? '';
  if (path !== '' && path !== '/') {
    throw new UsageError(`${option}: an esdb:// URL has no path (esdb://host:2113?tls=false), not ${JSON.stringify(path)}: ${redactUrl(text)}`);
  }
};

/**
 * The options EventStoreDB's Node client (6.2) reads from a connection string, as it compares them:
 * lower case, without `_` and `-`. It ignores any other with a warning, so a mistyped `namespace`
 * (`namspace=firm-a.`) would put a firm's streams in the shared default namespace.
 */
const ESDB_OPTIONS = [
  'userCertFile', 'userKeyFile', 'maxDiscoverAttempts', 'connectionName', 'defaultDeadline', 'discoveryInterval', 'gossipTimeout',
  'nodePreference', 'tls', 'tlsVerifyCert', 'tlsCAFile', 'throwOnAppendFailure', 'keepAliveInterval', 'keepAliveTimeout',
];
const flatCase = (key: string): string => key.trim().toLowerCase().replace(/[_-]/g, '');
const ESDB_FLAT_OPTIONS = new Set(ESDB_OPTIONS.map(flatCase));

/** Every query key of an esdb:// URL (Rapport's own taken out) is one the driver reads. */
export const checkEsdbOptions = (text: string, option: string): void => {
  const query = text.indexOf('?');
  if (query < 0) return;
  for (const pair of text.slice(query + 1).split('&')) {
    if (pair === '') continue;
    const key = decodeURIComponent(pair.split('=')[0] ?? '');
    if (!ESDB_FLAT_OPTIONS.has(flatCase(key))) {
      throw new UsageError(`${option}: ${JSON.stringify(key)} is no option of an esdb:// URL: Rapport's is namespace, the driver's are ${ESDB_OPTIONS.join(', ')}: ${redactUrl(text)}`);
    }
  }
};
