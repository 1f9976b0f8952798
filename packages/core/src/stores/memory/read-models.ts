// A read-model store in process memory: for tests, the demo and `memory:` read models. Documents
// are kept as JSON text, so what comes back is what any real store would give back.
import { StoreUnavailable } from '../../ports/event-store.js';
import { type LogPosition } from '../../domain/envelope.js';
import { CheckpointConflict, checkpointDecision, type ReadModelStore, type StoredDocument } from '../../ports/read-model-store.js';

interface Generation {
  readonly version: number;
  checkpoint: LogPosition | null;
  /** `collection\u0000key` → JSON text. */
  readonly documents: Map<string, string>;
}

interface ProjectionGenerations {
  live: number | null;
  last: number;
  readonly generations: Map<number, Generation>;
}

const SEPARATOR = '\u0000';

export const createMemoryReadModelStore = (): ReadModelStore => {
  const projections = new Map<string, ProjectionGenerations>();
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

  return {
    load: async (name) => {
      ensureOpen();
      const projection = projections.get(name);
      const generation = projection?.live == null ? undefined : projection.generations.get(projection.live);
      if (projection?.live == null || generation === undefined) return null;
      const documents: StoredDocument[] = [];
      for (const [id, json] of generation.documents) {
        const at = id.indexOf(SEPARATOR);
        documents.push({ collection: id.slice(0, at), key: id.slice(at + 1), doc: JSON.parse(json) });
      }
      return { generation: projection.live, version: generation.version, checkpoint: generation.checkpoint, documents };
    },

    applyBatch: async (name, number, changes, move) => {
      ensureOpen();
      const generation = projections.get(name)?.generations.get(number);
      if (generation === undefined) throw new CheckpointConflict(name, number, move.from, 'no-generation');
      const decision = checkpointDecision(generation.checkpoint, move);
      if (decision === 'conflict') throw new CheckpointConflict(name, number, move.from, generation.checkpoint);
      if (decision === 'skipped') return 'skipped';
      // Serialise everything first: a document that is not JSON must leave the generation as it was.
      const rows = changes.map((c) => [`${c.collection}${SEPARATOR}${c.key}`, serialise(c)] as const);
      for (const [id, json] of rows) generation.documents.set(id, json);
      generation.checkpoint = move.to;
      return 'applied';
    },

    beginGeneration: async (name, version) => {
      ensureOpen();
      const projection = projectionOf(name);
      projection.last += 1;
      projection.generations.set(projection.last, { version, checkpoint: null, documents: new Map() });
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

const serialise = (change: StoredDocument): string => {
  const json = JSON.stringify(change.doc);
  if (json === undefined) throw new TypeError(`read model document ${change.collection}/${change.key} is not JSON`);
  return json;
};
