// redis-cluster:// URLs: seed nodes, credentials and TLS, and a clear refusal of anything else.
import { describe, expect, it } from 'vitest';
import { isClusterUrl, parseClusterUrl } from '../src/cluster-url.js';

describe('redis-cluster:// URLs', () => {
  it('lists the seed nodes, IPv6 ones included', () => {
    expect(parseClusterUrl('redis-cluster://10.0.0.1:7000,redis-b:7001,[::1]:7002')).toEqual({
      nodes: [{ host: '10.0.0.1', port: 7000 }, { host: 'redis-b', port: 7001 }, { host: '::1', port: 7002 }],
      tls: false,
    });
  });

  it('reads a user and a percent-encoded password, TLS from rediss-cluster://, and a trailing /0', () => {
    expect(parseClusterUrl('rediss-cluster://ops:p%40ss@h:6379/0')).toEqual({ nodes: [{ host: 'h', port: 6379 }], username: 'ops', password: 'p@ss', tls: true });
    expect(parseClusterUrl('redis-cluster://:secret@h:6379/')).toEqual({ nodes: [{ host: 'h', port: 6379 }], password: 'secret', tls: false });
  });

  it('refuses a node without a port, or with one out of range, naming it', () => {
    expect(() => parseClusterUrl('redis-cluster://h1:7000,h2')).toThrow(/node "h2": expected HOST:PORT/);
    expect(() => parseClusterUrl('redis-cluster://h1:70000')).toThrow(/node "h1:70000": expected HOST:PORT/);
    expect(() => parseClusterUrl('redis-cluster://')).toThrow(/node "": expected HOST:PORT/);
  });

  it('tells cluster URLs from single-server ones', () => {
    expect(isClusterUrl('REDIS-CLUSTER://h:1')).toBe(true);
    expect(isClusterUrl('redis://h:6379')).toBe(false);
  });
});
