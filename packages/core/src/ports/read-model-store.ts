// The read-model store port: a projection's documents and its checkpoint, written together in one
// atomic batch, kept in generations so a rebuild fills a new one beside the live one and swaps.
// Small on purpose: SQLite does a batch in one transaction, Redis in one MULTI/EXEC, with each
// generation under its own key prefix.
import { comparePositions, type LogPosition } from '../domain/envelope.js';

/** One document of a projection's collection, as a store keeps it (JSON-serialisable). */
export interface StoredDocument {
  readonly collection: string;
  readonly key: string;
  readonly doc: unknown;
}

/** The live generation of a projection, as loaded once when a runner starts. */
export interface StoredReadModel {
  readonly generation: number;
  /** The projection version that built it: a runner rebuilds when the code's version differs. */
  readonly version: number;
  /** The position of the last event folded in; null for a generation that has seen none. */
  readonly checkpoint: LogPosition | null;
  readonly documents: Iterable<StoredDocument> | AsyncIterable<StoredDocument>;
}

/** The checkpoint move that goes with a batch: the writer's view of where it was, and where it got. */
export interface CheckpointMove {
  readonly from: LogPosition | null;
  readonly to: LogPosition;
}

/** `skipped`: the generation had already reached `to` (a batch applied twice); nothing changed. */
export type ApplyOutcome = 'applied' | 'skipped';

export interface ReadModelStore {
  /** The live generation, or null when the projection was never activated. */
  load(projection: string): Promise<StoredReadModel | null>;
  /**
   * Upserts the documents and moves the generation's checkpoint from `from` to `to`, atomically.
   * Skips when the checkpoint is already at or after `to`; otherwise rejects with
   * CheckpointConflict when it is not `from` or the generation does not exist (a stale writer).
   */
  applyBatch(
    projection: string,
    generation: number,
    changes: readonly StoredDocument[],
    checkpoint: CheckpointMove,
  ): Promise<ApplyOutcome>;
  /** A new, empty, not yet live generation; numbers only grow, so a discarded one is never reused. */
  beginGeneration(projection: string, version: number): Promise<number>;
  /** Makes the generation live and drops the data of every older generation, atomically. */
  activate(projection: string, generation: number): Promise<void>;
  /** Drops a generation that will not be activated (an aborted rebuild). Never the live one. */
  discardGeneration(projection: string, generation: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * A writer whose idea of the checkpoint (or generation) is out of date: another runner moved it, or
 * a rebuild replaced the generation. The runner reloads and carries on; nothing was written.
 */
export class CheckpointConflict extends Error {
  override readonly name = 'CheckpointConflict';
  constructor(
    readonly projection: string,
    readonly generation: number,
    readonly expected: LogPosition | null,
    /** The stored checkpoint, or 'no-generation' when the generation does not exist. */
    readonly actual: LogPosition | null | 'no-generation',
  ) {
    super(
      actual === 'no-generation'
        ? `read model ${projection}: generation ${generation} does not exist (replaced by a rebuild?)`
        : `read model ${projection} generation ${generation}: checkpoint is ${show(actual)}, the writer expected ${show(expected)}`,
    );
  }
}

const show = (p: LogPosition | null): string => (p === null ? 'none' : `${p.commit}/${p.prepare}`);

/**
 * The decision every adapter makes for `applyBatch`, in one place: given the stored checkpoint,
 * apply, skip, or reject.
 */
export const checkpointDecision = (
  stored: LogPosition | null,
  move: CheckpointMove,
): ApplyOutcome | 'conflict' => {
  if (stored !== null && comparePositions(stored, move.to) >= 0) return 'skipped';
  if (stored === null ? move.from === null : move.from !== null && comparePositions(stored, move.from) === 0) return 'applied';
  return 'conflict';
};
