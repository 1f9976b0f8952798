// `redis-cluster://[USER:PASSWORD@]HOST:PORT[,HOST:PORT…]`: the seed nodes of a Redis Cluster.
// WHATWG URL cannot hold a list of hosts, so this grammar is parsed here, once; the client learns
// the rest of the cluster from the seeds (CLUSTER SLOTS).

export interface ClusterNode {
  readonly host: string;
  readonly port: number;
}

export interface RedisClusterLocation {
  readonly nodes: readonly ClusterNode[];
  readonly username?: string;
  readonly password?: string;
  /** `rediss-cluster://`: TLS to every node. */
  readonly tls: boolean;
}

export const CLUSTER_SCHEMES = ['redis-cluster', 'rediss-cluster'] as const;

const SCHEME = /^(redis-cluster|rediss-cluster):\/\//i;
const NODE = /^(?:\[([0-9a-f:.]+)\]|([^\s:/?#[\]@,]+)):(\d{1,5})$/i;

/** True when `url` names a cluster, whether or not the rest of it is well formed. */
export const isClusterUrl = (url: string): boolean => SCHEME.test(url);

/** The URL's seed nodes and credentials, or a RangeError naming what is wrong (passwords hidden). */
export const parseClusterUrl = (url: string): RedisClusterLocation => {
  const scheme = SCHEME.exec(url)?.[1]?.toLowerCase();
  if (scheme === undefined) throw new RangeError(`not a redis-cluster:// URL`);
  let rest = url.slice(scheme.length + 3);
  // A trailing `/` (or `/0`) is accepted: a cluster has only database 0.
  rest = rest.replace(/\/0?$/, '');
  const at = rest.lastIndexOf('@');
  const credentials = at < 0 ? undefined : rest.slice(0, at);
  const hosts = at < 0 ? rest : rest.slice(at + 1);
  const nodes = hosts.split(',').map((text) => {
    const match = NODE.exec(text);
    const port = Number(match?.[3]);
    if (match === null || port < 1 || port > 65535) {
      throw new RangeError(`${scheme}:// node ${JSON.stringify(text)}: expected HOST:PORT, as in ${scheme}://127.0.0.1:7000,127.0.0.1:7001`);
    }
    return { host: match[1] ?? match[2] ?? '', port };
  });
  const location = { nodes, tls: scheme === 'rediss-cluster' };
  if (credentials === undefined) return location;
  const colon = credentials.indexOf(':');
  const username = decodeURIComponent(colon < 0 ? credentials : credentials.slice(0, colon));
  const password = colon < 0 ? undefined : decodeURIComponent(credentials.slice(colon + 1));
  return { ...location, ...(username === '' ? {} : { username }), ...(password === undefined ? {} : { password }) };
};

