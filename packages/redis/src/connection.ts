// One connection to Redis, to a single server (`redis://`, `rediss://`) or to a Redis Cluster
// (`redis-cluster://`, `rediss-cluster://`), with the same bounded patience on both: a Redis that is
// not there fails a step within seconds instead of queueing it forever.
import { Cluster, Redis } from 'ioredis';
import { InvalidStoreLocation } from '@rapport/core';
import { redactUrl, redisDatabaseProblem } from '@rapport/core/store-kit';
import { isClusterUrl, parseClusterUrl } from './cluster-url.js';

export interface ConnectionOptions {
  /** How long one connection attempt may take. */
  readonly connectTimeoutMillis: number;
  /** Reconnection attempts a command waits through before it fails. */
  readonly maxRetriesPerRequest: number;
  /**
   * How long a command may wait for its answer, the wait while connecting included; default 3 s.
   * The other bounds count failed connections: a server that accepts a connection and never
   * answers fails none, and without this would hang every command for ever.
   */
  readonly commandTimeoutMillis?: number;
}

const DEFAULT_COMMAND_TIMEOUT_MILLIS = 3000;

/** How long close() lets QUIT wait for the server before dropping the connection. */
const QUIT_WAIT_MILLIS = 500;

export interface RedisConnection {
  /** The client; on a cluster it routes each command, WATCH and MULTI/EXEC by its keys' slot. */
  readonly client: Redis | Cluster;
  /** Resolves when commands can be sent; rejects with the reason when that takes too long. */
  readonly ready: () => Promise<void>;
  /** The connection's last error, for messages (a command fails with "max retries", this says why). */
  readonly lastError: () => Error | undefined;
  readonly close: () => Promise<void>;
}

const retryDelay = (times: number): number => Math.min(times * 200, 2000);

/**
 * A single server's URL as Rapport reads it, refused before ioredis sees it: it would SELECT a
 * database NaN for `/abc` (failing, unhandled, after the caller moved on) and open database 0
 * for `/0/1` or `?db=2`.
 */
const checkServerUrl = (url: string): void => {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InvalidStoreLocation(`not a redis:// URL: ${redactUrl(url)}`);
  }
  const problem = redisDatabaseProblem(parsed);
  if (problem !== null) throw new InvalidStoreLocation(`${problem}: ${redactUrl(url)}`);
};

export const connectRedis = (url: string, options: ConnectionOptions): RedisConnection => {
  if (!isClusterUrl(url)) checkServerUrl(url);
  const client = isClusterUrl(url) ? openCluster(url, options) : new Redis(url, {
    connectTimeout: options.connectTimeoutMillis,
    commandTimeout: options.commandTimeoutMillis ?? DEFAULT_COMMAND_TIMEOUT_MILLIS,
    maxRetriesPerRequest: options.maxRetriesPerRequest,
    retryStrategy: retryDelay,
  });
  let lastError: Error | undefined;
  // A cluster reports "Failed to refresh slots cache" and keeps the nodes' own error aside.
  client.on('error', (error: Error & { lastNodeError?: Error }) => {
    lastError = error.lastNodeError === undefined ? error : new Error(`${error.message} (${error.lastNodeError.message})`);
  });
  client.on('ready', () => {
    lastError = undefined;
  });

  // A single server fails commands itself after maxRetriesPerRequest. A cluster client queues
  // every command until it has learnt the slots, however long that takes; so a step first waits
  // for it to be ready, for at most a few connection attempts.
  const readyWithin = options.connectTimeoutMillis * 2 + 1000;
  const ready = (): Promise<void> => (client instanceof Cluster ? clusterReady().then(keepsEveryKey) : databaseSelected().then(keepsEveryKey));

  // A server that evicts any key when full (maxmemory-policy allkeys-…) drops read-model keys
  // without a word: a lost index reads as an empty collection, and reports answered zeros with
  // exit 0. Checked once per connection, on every master of a cluster; a server that refuses
  // CONFIG (a managed one) cannot be asked, and is trusted, as the docs ask its operator to be.
  let evictionChecked: Promise<void> | undefined;
  const keepsEveryKey = (): Promise<void> => {
    evictionChecked ??= (async () => {
      for (const node of client instanceof Cluster ? client.nodes('master') : [client]) {
        const reply: unknown = await node.config('GET', 'maxmemory-policy').catch(() => undefined);
        const policy = Array.isArray(reply) ? String(reply[1]) : '';
        if (policy.startsWith('allkeys-')) {
          throw new InvalidStoreLocation(
            `Redis read models ${redactUrl(url)}: the server evicts keys when it is full (maxmemory-policy ${policy}${client instanceof Cluster ? ` on ${node.options.host}:${node.options.port}` : ''}), and a read model that loses a key gives wrong answers; set maxmemory-policy noeviction`,
          );
        }
      }
    })().catch((error: unknown) => {
      evictionChecked = undefined;
      throw error;
    });
    return evictionChecked;
  };

  // Steps queued behind one that found the cluster unreachable fail with it at once: waited out
  // one after another, a report's three reads took three times the wait to fail (15 s, not 5).
  let unreachable: { readonly error: Error; readonly at: number } | undefined;
  client.on('ready', () => {
    unreachable = undefined;
  });
  const clusterReady = (): Promise<void> => {
    if (!(client instanceof Cluster)) return Promise.resolve();
    if (client.status === 'ready') return Promise.resolve();
    if (unreachable !== undefined && Date.now() - unreachable.at < readyWithin) return Promise.reject(unreachable.error);
    return clusterReadyWithin().catch((error: unknown) => {
      if (error instanceof Error) unreachable = { error, at: Date.now() };
      throw error;
    });
  };

  const clusterReadyWithin = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const settle = (error?: Error): void => {
        clearTimeout(timer);
        client.off('ready', onReady);
        client.off('end', onEnd);
        if (error === undefined) resolve();
        else reject(error);
      };
      const onReady = (): void => settle();
      const onEnd = (): void => settle(lastError ?? new Error('connection closed'));
      const timer = setTimeout(() => settle(new Error(`cannot reach the cluster within ${readyWithin} ms${lastError === undefined ? '' : `: ${lastError.message}`}`)), readyWithin);
      client.once('ready', onReady);
      client.once('end', onEnd);
    });

  // ioredis SELECTs the URL's database as it connects and, when the server has no such database
  // (redis://…/99 on a server with 16), only emits an error and carries on in database 0: reads
  // and writes meant for 99 would land in 0. So each connection is checked once with a SELECT of
  // our own, before any step sends a command (a cluster has database 0 alone: nothing to check).
  const database = client instanceof Redis ? (client.options.db ?? 0) : 0;
  let selected: Promise<void> | undefined;
  client.on('close', () => {
    selected = undefined;
    evictionChecked = undefined;
  });
  const databaseSelected = (): Promise<void> => {
    if (database === 0 || !(client instanceof Redis)) return Promise.resolve();
    const redis = client;
    selected ??= (async () => {
      try {
        await redis.select(database);
      } catch (cause) {
        // A time-out or a lost connection is asked again by the next step.
        selected = undefined;
        if (!(cause instanceof Error) || !/DB index is out of range|invalid DB index/i.test(cause.message)) throw cause;
        // CONFIG may be refused (managed servers): the message then does without the count.
        const reply: unknown = await redis.config('GET', 'databases').catch(() => undefined);
        const count = Array.isArray(reply) ? Number(reply[1]) : NaN;
        const has = Number.isInteger(count) && count > 0 ? ` (it has databases 0 to ${count - 1})` : '';
        throw new InvalidStoreLocation(`Redis read models ${redactUrl(url)}: the server has no database ${database}${has}`, { cause });
      }
    })();
    return selected;
  };

  const close = async (): Promise<void> => {
    // QUIT waits for the server; on a connection that is not up, just drop it. A server that
    // stopped answering would hold QUIT for a whole command time-out after the failure being
    // reported: it gets a moment, then the connection is dropped.
    if (client.status !== 'ready') {
      client.disconnect();
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const answered = await Promise.race([
      client.quit().then(() => true, () => false),
      new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), QUIT_WAIT_MILLIS);
      }),
    ]);
    clearTimeout(timer);
    if (!answered) client.disconnect();
  };

  return { client, ready, lastError: () => lastError, close };
};

const openCluster = (url: string, options: ConnectionOptions): Cluster => {
  const location = parseClusterUrl(url);
  return new Cluster(
    location.nodes.map(({ host, port }) => ({ host, port })),
    {
      clusterRetryStrategy: retryDelay,
      redisOptions: {
        connectTimeout: options.connectTimeoutMillis,
        commandTimeout: options.commandTimeoutMillis ?? DEFAULT_COMMAND_TIMEOUT_MILLIS,
        maxRetriesPerRequest: options.maxRetriesPerRequest,
        ...(location.username === undefined ? {} : { username: location.username }),
        ...(location.password === undefined ? {} : { password: location.password }),
        ...(location.tls ? { tls: {} } : {}),
      },
    },
  );
};
