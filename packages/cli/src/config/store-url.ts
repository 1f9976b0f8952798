// Store and read-model URLs (SPEC §5) parsed into typed locations, so no command handles raw text.
import os from 'node:os';
import path from 'node:path';
import { redactUrl } from '@rapport/core/store-kit';
import { UsageError } from '../exit-codes.js';
import { namespaceOf, prefixOf, schemaOf } from './namespace.js';
import { checkAuthority, checkEsdbOptions, checkEsdbPath, checkPostgresPath, checkRedisPath } from './server-url.js';

export type StoreLocation =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'memory' }
  | { readonly kind: 'postgres'; readonly url: string; readonly schema?: string }
  | { readonly kind: 'esdb'; readonly url: string; readonly namespace?: string };

export type ReadModelLocation =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'memory' }
  | { readonly kind: 'redis'; readonly url: string; readonly prefix?: string };

export const DEFAULT_STORE = 'sqlite:.rapport/rapport.db';

export { redactUrl };

const STORE_FORMS = 'sqlite:PATH, memory:, postgres://… or esdb://…';
const READ_MODEL_FORMS = 'sqlite:PATH, memory:, redis://… or redis-cluster://HOST:PORT[,HOST:PORT…]';


/**
 * `sqlite:PATH` (or `sqlite://PATH`), the path resolved against `cwd`; undefined when not sqlite. A
 * leading `~/` is the home directory, as a shell would read it at the start of a word: inside
 * `--store=sqlite:~/firm.db` no shell expands it, and a folder literally named `~` would appear.
 */
const sqlitePath = (text: string, cwd: string, option: string): string | undefined => {
  if (!text.startsWith('sqlite:')) return undefined;
  let file = text.slice('sqlite:'.length);
  if (file.startsWith('//')) file = file.slice(2);
  if (file === '') throw new UsageError(`${option}: sqlite: needs a file path, as in sqlite:.rapport/rapport.db`);
  if (file === '~' || file.startsWith('~/')) return path.join(os.homedir(), file.slice(1));
  return path.resolve(cwd, file);
};

/**
 * A server URL of one of the given schemes, checked for hosts, ports and the path the scheme
 * allows (server-url.ts); undefined when the scheme differs.
 */
const serverUrl = (text: string, schemes: readonly string[], option: string): string | undefined => {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1]?.toLowerCase();
  if (scheme === undefined || !schemes.includes(scheme)) return undefined;
  const { hosts } = checkAuthority(text, scheme, option);
  if (scheme === 'esdb' || scheme === 'esdb+discover') checkEsdbPath(text, option);
  // A cluster's `host1:2113,host2:2113` is no WHATWG URL: its driver parses it itself.
  if (hosts > 1 && (scheme.startsWith('esdb') || scheme.includes('cluster'))) return text;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`${option}: not a valid URL: ${redactUrl(text)}`);
  }
  if (url.hostname === '') throw new UsageError(`${option}: ${scheme}:// URL needs a host: ${redactUrl(text)}`);
  if (scheme === 'postgres' || scheme === 'postgresql') checkPostgresPath(url, text, option);
  if (scheme === 'redis' || scheme === 'rediss') checkRedisPath(url, text, option);
  return text;
};

/**
 * `redis-cluster://[USER:PASSWORD@]HOST:PORT[,HOST:PORT…]` (`rediss-cluster://` for TLS): a list of
 * seed nodes, which WHATWG URL cannot hold, so each is checked here; undefined when the scheme differs.
 */
const clusterUrl = (text: string, option: string): string | undefined => {
  const scheme = /^(rediss?-cluster):\/\//i.exec(text)?.[1]?.toLowerCase();
  if (scheme === undefined) return undefined;
  const rest = text.slice(scheme.length + 3).replace(/\/0?$/, '');
  const hosts = rest.slice(rest.lastIndexOf('@') + 1);
  for (const node of hosts.split(',')) {
    const port = Number(/^(?:\[[0-9a-f:.]+\]|[^\s:/?#[\]@,]+):(\d{1,5})$/i.exec(node)?.[1]);
    if (!(port >= 1 && port <= 65535)) {
      throw new UsageError(`${option}: ${scheme}:// node ${JSON.stringify(node)} is not HOST:PORT: ${redactUrl(text)}`);
    }
  }
  return text;
};

/**
 * Spaces around a URL are a slip (a quoted variable in a shell profile), never meant: `sqlite:x.db `
 * would create `x.db ` beside the `x.db` every later command names.
 */
const untrimmed = (text: string, option: string): void => {
  const trimmed = text.trim();
  if (trimmed === text) return;
  const start = text.indexOf(trimmed);
  const shown = `${text.slice(0, start)}${redactUrl(trimmed)}${text.slice(start + trimmed.length)}`;
  throw new UsageError(`${option}: ${JSON.stringify(shown)} starts or ends with white space; remove it`);
};

export const parseStoreUrl = (text: string, cwd: string, option = '--store'): StoreLocation => {
  untrimmed(text, option);
  const file = sqlitePath(text, cwd, option);
  if (file !== undefined) return { kind: 'sqlite', path: file };
  if (text === 'memory:') return { kind: 'memory' };
  const postgres = serverUrl(text, ['postgres', 'postgresql'], option);
  if (postgres !== undefined) return { kind: 'postgres', ...schemaOf(postgres, option) };
  const esdb = serverUrl(text, ['esdb', 'esdb+discover'], option);
  if (esdb !== undefined) {
    const located = namespaceOf(esdb, option);
    checkEsdbOptions(located.url, option);
    return { kind: 'esdb', ...located };
  }
  throw new UsageError(`${option}: unknown store URL ${JSON.stringify(redactUrl(text))}; expected ${STORE_FORMS}`);
};

export const parseReadModelUrl = (text: string, cwd: string, option = '--read-models'): ReadModelLocation => {
  untrimmed(text, option);
  const file = sqlitePath(text, cwd, option);
  if (file !== undefined) return { kind: 'sqlite', path: file };
  if (text === 'memory:') return { kind: 'memory' };
  const redis = serverUrl(text, ['redis', 'rediss'], option);
  if (redis !== undefined) return { kind: 'redis', ...prefixOf(redis, option) };
  // The Redis store tells a cluster from a single server by the scheme.
  const { url: seeds, ...prefix } = prefixOf(text, option);
  const cluster = clusterUrl(seeds, option);
  if (cluster !== undefined) return { kind: 'redis', url: cluster, ...prefix };
  throw new UsageError(`${option}: unknown read-model URL ${JSON.stringify(redactUrl(text))}; expected ${READ_MODEL_FORMS}`);
};

/** SPEC §5: the store's own file for a sqlite: store, process memory for the others. */
export const defaultReadModels = (store: StoreLocation): ReadModelLocation =>
  store.kind === 'sqlite' ? { kind: 'sqlite', path: store.path } : { kind: 'memory' };

/** A location as a user would write it again (passwords hidden), for messages. */
export const describeLocation = (location: StoreLocation | ReadModelLocation): string => {
  switch (location.kind) {
    case 'sqlite':
      return `sqlite:${location.path}`;
    case 'memory':
      return 'memory:';
    default: {
      const [name, value] =
        'schema' in location && location.schema !== undefined ? ['schema', location.schema]
        : 'namespace' in location && location.namespace !== undefined ? ['namespace', location.namespace]
        : 'prefix' in location && location.prefix !== undefined ? ['prefix', location.prefix]
        : [undefined, undefined];
      const url = redactUrl(location.url);
      return name === undefined ? url : `${url}${url.includes('?') ? '&' : '?'}${name}=${encodeURIComponent(value)}`;
    }
  }
};
