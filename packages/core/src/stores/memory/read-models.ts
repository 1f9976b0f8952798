// A read-model store in process memory: for tests, the demo and `memory:` read models. Documents
// are kept as JSON text, so what comes back is what any real store would give back.
import { StoreUnavailable } from '../../ports/event-store.js';
import { type LogPosition } from '../../domain/envelope.js';
import {
  CheckpointConflict,
  LeaseLost,
  checkpointDecision,
  compareKeys,
  documentJson,
  fenceHolds,
  leaseDecision,
  type LeaseState,
  type ReadModelStore,
  type StoredDocument,
} from '../../ports/read-model-store.js';

/** One collection: key → JSON text, and its keys sorted, kept until a new key arrives. */
interface Collection {
  readonly documents: Map<string, string>;
  sorted: string[] | null;
}

interface Generation {
  readonly version: number;
  checkpoint: LogPosition | null;
  origin: string | null;
  readonly collections: Map<string, Collection>;
}

interface ProjectionGenerations {
  live: number | null;
  last: number;
  readonly generations: Map<number, Generation>;
}

export const createMemoryReadModelStore = (): ReadModelStore => {
  const projections = new Map<string, ProjectionGenerations>();
  const leases = new Map<string, LeaseState>();
  let closed = false;

  const ensureOpen = (): void => {
    if (closed) throw new StoreUnavailable('the in-memory read-model store is closed');
  };
  const projectionOf = (name: string): ProjectionGenerations => {
    let projection = projections.get(name);
    if (projection === undefined) {
      projection = { live: null, last: 0, generations: new Map() };
      projections.set(name, projection);
    }
    return projection;
  };

  /** A generation readers may read; a dropped one is a conflict, never an empty answer. */
  const existing = (name: string, number: number): Generation => {
    ensureOpen();
    const generation = projections.get(name)?.generations.get(number);
    if (generation === undefined) throw new CheckpointConflict(name, number, null, 'no-generation');
    return generation;
  };

  return {
    head: async (name) => {
      ensureOpen();
      const projection = projections.get(name);
      const generation = projection?.live == null ? undefined : projection.generations.get(projection.live);
      if (projection?.live == null || generation === undefined) return null;
      return { generation: projection.live, version: generation.version, checkpoint: generation.checkpoint, origin: generation.origin };
    },

    get: async (name, number, collection, keys) => {
      const documents = existing(name, number).collections.get(collection)?.documents;
      const found = new Map<string, unknown>();
      for (const key of keys) {
        const json = documents?.get(key);
        if (json !== undefined) found.set(key, JSON.parse(json));
      }
      return found;
    },

    scan: async (name, number, collection, { from, to, limit }) => {
      const stored = existing(name, number).collections.get(collection);
      if (stored === undefined) return [];
      stored.sorted ??= [...stored.documents.keys()].sort(compareKeys);
      const keys = stored.sorted;
      // Binary search for the first key at or after `from`.
      let lo = 0;
      let hi = keys.length;
      while (from !== undefined && lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (compareKeys(keys[mid]!, from) < 0) lo = mid + 1;
        else hi = mid;
      }
      const page: StoredDocument[] = [];
      for (let i = lo; i < keys.length && page.length < limit; i++) {
        const key = keys[i]!;
        if (to !== undefined && compareKeys(key, to) >= 0) break;
        page.push({ collection, key, doc: JSON.parse(stored.documents.get(key)!) });
      }
      return page;
    },

    applyBatch: async (name, number, changes, move) => {
      ensureOpen();
      const generation = projections.get(name)?.generations.get(number);
      if (generation === undefined) throw new CheckpointConflict(name, number, move.from, 'no-generation');
      const decision = checkpointDecision(generation.checkpoint, move);
      if (decision === 'conflict') throw new CheckpointConflict(name, number, move.from, generation.checkpoint);
      const lease = move.fence === undefined ? null : (leases.get(move.fence.lease) ?? null);
      if (move.fence !== undefined && !fenceHolds(move.fence, lease)) throw new LeaseLost(move.fence, lease);
      if (decision === 'skipped') return 'skipped';
      // Serialise everything first: a document that is not JSON must leave the generation as it was.
      const rows = changes.map((c) => [c, documentJson(c)] as const);
      for (const [{ collection, key }, json] of rows) {
        let stored = generation.collections.get(collection);
        if (stored === undefined) generation.collections.set(collection, (stored = { documents: new Map(), sorted: null }));
        if (!stored.documents.has(key)) stored.sorted = null;
        stored.documents.set(key, json);
      }
      generation.checkpoint = move.to;
      generation.origin = move.origin ?? null;
      return 'applied';
    },

    beginGeneration: async (name, version) => {
      ensureOpen();
      const projection = projectionOf(name);
      projection.last += 1;
      projection.generations.set(projection.last, { version, checkpoint: null, origin: null, collections: new Map() });
      return projection.last;
    },

    activate: async (name, number) => {
      ensureOpen();
      const projection = projections.get(name);
      if (projection === undefined || !projection.generations.has(number)) {
        throw new CheckpointConflict(name, number, null, 'no-generation');
      }
      projection.live = number;
      for (const older of [...projection.generations.keys()]) if (older < number) projection.generations.delete(older);
    },

    lease: async (name, holder, ttlMs) => {
      ensureOpen();
      const next = leaseDecision(name, leases.get(name) ?? null, holder, ttlMs, Date.now());
      if (next !== null) leases.set(name, next);
      return next;
    },

    leaseState: async (name) => {
      ensureOpen();
      return leases.get(name) ?? null;
    },

    releaseLease: async (fence) => {
      ensureOpen();
      const lease = leases.get(fence.lease) ?? null;
      if (lease !== null && fenceHolds(fence, lease)) leases.set(fence.lease, { ...lease, expiresAt: 0 });
    },

    discardGeneration: async (name, number) => {
      ensureOpen();
      const projection = projections.get(name);
      if (projection?.live === number) throw new Error(`read model ${name}: generation ${number} is live and cannot be discarded`);
      projection?.generations.delete(number);
    },

    close: async () => {
      closed = true;
    },
  };
};

