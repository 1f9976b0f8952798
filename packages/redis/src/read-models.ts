// A read-model store in Redis: each generation of a projection is a hash of {version, checkpoint}
// plus one hash per collection (see keys.ts). Every change is optimistic: WATCH what it depends
// on, read, decide (checkpointDecision for a batch), then MULTI/EXEC the writes together with the
// checkpoint; EXEC answers null when another client touched a watched key, and the whole step runs
// again from the reads (session.ts). WATCH belongs to the connection, so this store runs one step
// at a time on its connection; other processes are kept out by WATCH itself.
import {
  encodePosition,
  CheckpointConflict,
  LeaseLost,
  type ReadModelStore,
  type GenerationHead,
  type StoredDocument,
  StoreUnavailable,
} from '@rapport/core';
import { checkpointDecision, documentJson, fenceHolds, leaseDecision, redactUrl } from '@rapport/core/store-kit';
import { ARGUMENTS_PER_COMMAND, generationReads, leaseFields, scoredMembers, writtenMarker } from './generations.js';
import { DEFAULT_PREFIX, checkedPrefix, projectionKeys } from './keys.js';
import { LiveGenerationDiscard, openRedisSession } from './session.js';

export interface RedisReadModelStoreOptions {
  /** Prefix of every key the store writes; default `rapport:`. No `{` or `}` (see keys.ts). */
  readonly prefix?: string;
  /** How long one connection attempt may take; default 2 s. */
  readonly connectTimeoutMillis?: number;
  /**
   * Reconnection attempts a command waits through before it fails; default 1. Small, so that a
   * Redis that is not there fails the command within seconds instead of queueing it forever.
   */
  readonly maxRetriesPerRequest?: number;
}

/**
 * `url`: `redis://…` / `rediss://…` for one server, or `redis-cluster://HOST:PORT[,HOST:PORT…]`
 * (`rediss-cluster://` for TLS) for a Redis Cluster; the keys are the same on both (keys.ts).
 */
export const openRedisReadModelStore = (url: string, options: RedisReadModelStoreOptions = {}): ReadModelStore => {
  const prefix = checkedPrefix(options.prefix ?? DEFAULT_PREFIX);
  const name = `Redis read-model store ${redactUrl(url)}`;
  const session = openRedisSession(url, name, {
    connectTimeoutMillis: options.connectTimeoutMillis ?? 2000,
    maxRetriesPerRequest: options.maxRetriesPerRequest ?? 1,
  });
  const { redis, exclusive, optimistic } = session;
  const { readGeneration, documentsOf, readLease, dropGeneration } = generationReads(redis, prefix, name);

  return {
    // Each page of a scan is a round trip: a cold KPI report over 10,000 clients took 0.65–0.88 s
    // in pages of 500, 0.77–0.93 s in the default 100 (pages of 1,000 saved little more, for
    // 20 MB more memory).
    scanPageSize: 500,
    head: (projection) =>
      exclusive(async (): Promise<GenerationHead | null> => {
        const keys = projectionKeys(prefix, projection);
        // Watched and finished with an EXEC: if activation moves `live` between the two
        // reads, EXEC fails and the read starts over, so the head is never of a dropped generation.
        return optimistic([keys.live], async () => {
          const live = await redis.get(keys.live);
          if (live === null) return { result: null };
          const generation = Number(live);
          const stored = await readGeneration(keys.generation(generation).meta);
          // A generation from before key indexes reads as none: the runner rebuilds it.
          if (stored === undefined || !stored.indexed) return { result: null };
          // The EXEC carries one keyed command: a cluster client sends a MULTI without keys to a
          // random node, where nothing is watched and EXEC would always succeed (keys.ts).
          return { result: { generation, version: stored.version, checkpoint: stored.checkpoint, origin: stored.origin }, writes: redis.multi().exists(keys.live) };
        });
      }),

    get: (projection, generation, collection, wanted) =>
      exclusive(async () => {
        const values = await documentsOf(projection, generation, collection, wanted);
        const found = new Map<string, unknown>();
        wanted.forEach((key, i) => {
          const json = values[i];
          if (json !== null && json !== undefined) found.set(key, JSON.parse(json));
        });
        return found;
      }),

    scan: (projection, generation, collection, { from, to, limit }) =>
      exclusive(async () => {
        const { keyIndex } = projectionKeys(prefix, projection).generation(generation);
        const page = await redis.zrangebylex(keyIndex(collection), from === undefined ? '-' : `[${from}`, to === undefined ? '+' : `(${to}`, 'LIMIT', 0, limit);
        const values = await documentsOf(projection, generation, collection, page);
        return page.map((key, i): StoredDocument => {
          const json = values[i];
          if (json === null || json === undefined) throw new StoreUnavailable(`${name}: ${projection}/${collection} indexes key ${key} without a document`);
          return { collection, key, doc: JSON.parse(json) };
        });
      }),

    applyBatch: (projection, generation, changes, move) =>
      exclusive(async () => {
        // Serialise before anything is sent: a document that is not JSON changes nothing. Kept as
        // flat argument lists (field, value, field, value…), the form the commands take, so a
        // batch of tens of thousands of documents builds no intermediate objects.
        const byCollection = new Map<string, string[]>();
        for (const change of changes) {
          let fields = byCollection.get(change.collection);
          if (fields === undefined) byCollection.set(change.collection, (fields = []));
          fields.push(change.key, documentJson(change));
        }
        const keys = projectionKeys(prefix, projection);
        const { meta, collections, collection, keyIndex } = keys.generation(generation);
        return optimistic(move.fence === undefined ? [meta] : [meta, projectionKeys(prefix, move.fence.lease).lease], async () => {
          if (move.fence !== undefined) {
            const lease = await readLease(move.fence.lease);
            if (!fenceHolds(move.fence, lease)) throw new LeaseLost(move.fence, lease);
          }
          const stored = await readGeneration(meta);
          if (stored === undefined) throw new CheckpointConflict(projection, generation, move.from, 'no-generation');
          const decision = checkpointDecision(stored.checkpoint, move);
          if (decision === 'conflict') throw new CheckpointConflict(projection, generation, move.from, stored.checkpoint);
          if (decision === 'skipped') return { result: 'skipped' as const };
          const writes = redis.multi();
          if (byCollection.size > 0) writes.sadd(collections, ...byCollection.keys());
          // In slices: a rebuild writes a whole generation in one batch, and spreading hundreds of
          // thousands of arguments into one call overflows the stack.
          for (const [name, fields] of byCollection) {
            for (let i = 0; i < fields.length; i += 2 * ARGUMENTS_PER_COMMAND) writes.hset(collection(name), ...fields.slice(i, i + 2 * ARGUMENTS_PER_COMMAND));
            for (let i = 0; i < fields.length; i += 2 * ARGUMENTS_PER_COMMAND) writes.zadd(keyIndex(name), ...scoredMembers(fields, i, i + 2 * ARGUMENTS_PER_COMMAND));
          }
          const marks: Record<string, string> = {};
          for (const name of byCollection.keys()) marks[writtenMarker(name)] = '1';
          writes.hset(meta, { checkpoint: encodePosition(move.to), origin: move.origin ?? '', ...marks });
          return { result: 'applied' as const, writes };
        });
      }),

    lease: (name, holder, ttlMs) =>
      exclusive(async () => {
        const key = projectionKeys(prefix, name).lease;
        return optimistic([key], async () => {
          // The holder's clock decides expiry: projectors of one read model should share a clock
          // within a fraction of the TTL. The fence, not the clock, keeps a late writer out.
          const next = leaseDecision(name, await readLease(name), holder, ttlMs, Date.now());
          if (next === null) return { result: null };
          return { result: next, writes: redis.multi().hset(key, leaseFields(next)) };
        });
      }),

    leaseState: (name) => exclusive(() => readLease(name)),

    releaseLease: (fence) =>
      exclusive(async () => {
        const key = projectionKeys(prefix, fence.lease).lease;
        await optimistic([key], async () => {
          const lease = await readLease(fence.lease);
          if (lease === null || !fenceHolds(fence, lease)) return { result: undefined };
          return { result: undefined, writes: redis.multi().hset(key, 'expiresAt', '0') };
        });
      }),

    beginGeneration: (projection, version) =>
      exclusive(async () => {
        const keys = projectionKeys(prefix, projection);
        // A number handed out and never written (a crash in between) is only a gap: numbers
        // must grow, not be consecutive.
        const generation = await redis.incr(keys.last);
        const replies = await redis
          .multi()
          .hset(keys.generation(generation).meta, { version: String(version), checkpoint: '', indexed: '1' })
          .sadd(keys.generations, String(generation))
          .exec();
        const failed = replies?.find(([error]) => error !== null);
        if (failed !== undefined) throw failed[0];
        return generation;
      }),

    activate: (projection, generation) =>
      exclusive(async () => {
        const keys = projectionKeys(prefix, projection);
        const { meta } = keys.generation(generation);
        await optimistic([keys.live, keys.generations, meta], async () => {
          if ((await redis.exists(meta)) === 0) throw new CheckpointConflict(projection, generation, null, 'no-generation');
          const older = (await redis.smembers(keys.generations)).map(Number).filter((n) => n < generation);
          // A batch still landing on an older generation must abort this step, not be half deleted.
          if (older.length > 0) await redis.watch(...older.map((n) => keys.generation(n).meta));
          const writes = redis.multi().set(keys.live, String(generation));
          for (const n of older) await dropGeneration(writes, projection, n);
          return { result: undefined, writes };
        });
      }),

    discardGeneration: (projection, generation) =>
      exclusive(async () => {
        const keys = projectionKeys(prefix, projection);
        const { meta } = keys.generation(generation);
        await optimistic([keys.live, meta], async () => {
          if ((await redis.get(keys.live)) === String(generation)) {
            throw new LiveGenerationDiscard(`read model ${projection}: generation ${generation} is live and cannot be discarded`);
          }
          const writes = redis.multi();
          await dropGeneration(writes, projection, generation);
          return { result: undefined, writes };
        });
      }),

    close: () => session.close(),
  };
};

