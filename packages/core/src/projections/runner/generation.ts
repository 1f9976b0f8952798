// A generation of a projection as a runner holds it: its place in the store and the documents
// it keeps of it (cache.ts).
import type { LogPosition } from '../../domain/envelope.js';
import type { GenerationHead } from '../../ports/read-model-store.js';
import { DocumentCache } from './cache.js';
import type { AnyProjection } from './fold.js';

/** One generation of a projection in the store, and what this runner holds of its documents. */
export interface Generation {
  readonly projection: AnyProjection;
  readonly number: number;
  checkpoint: LogPosition | null;
  /** What was written with the checkpoint (see origin.ts). */
  origin: string | null;
  readonly cache: DocumentCache;
}

/** `fresh`: begun empty by this runner, so every document it will ever have passes through it. */
export const generation = (projection: AnyProjection, head: Omit<GenerationHead, 'version'>, fresh: boolean): Generation => ({
  projection,
  number: head.generation,
  checkpoint: head.checkpoint,
  origin: head.origin,
  cache: new DocumentCache(projection.collections, fresh, projection.retain?.bind(projection)),
});
