// A rebuild's progress, recorded in the read-model store while it runs, so `rapport status` in
// another process can show it (issue 10.5). The store's port has generations, checkpoints and
// documents and nothing else, and that is enough: the progress of projection P is one document in
// a projection of its own, `$rebuild:P`, whose checkpoint follows the rebuild's position. Each
// rebuild begins a fresh generation of it (so its checkpoint starts again from none), and its last
// write says it is done. Nothing is written for a rebuild that ends before the first interval.
import { comparePositions, type LogPosition } from '../../domain/envelope.js';
import type { ReadModelStore } from '../../ports/read-model-store.js';

export interface RebuildProgress {
  /** Events folded so far. */
  readonly events: number;
  /** Events in the log when the rebuild started; null when the event store cannot count. */
  readonly total: number | null;
  readonly startedAt: string;
  /** When this record was last written: a rebuild that stopped writing it (killed) is abandoned. */
  readonly updatedAt: string;
}

interface ProgressDoc extends RebuildProgress {
  readonly done: boolean;
}

const COLLECTION = 'progress';
const KEY = 'progress';
/** A record not written for this long belongs to a rebuild that died (kill -9): not shown. */
export const ABANDONED_AFTER_MS = 60_000;

export const progressProjection = (projection: string): string => `$rebuild:${projection}`;

export interface ProgressRecorder {
  /** Records the rebuild's position (throttled to `everyMs`); `done` is written whatever the time. */
  record(position: LogPosition, events: number, done?: boolean): Promise<void>;
}

export const progressRecorder = (store: ReadModelStore, projection: string, total: number | null, everyMs: number, clock: () => number = Date.now): ProgressRecorder => {
  const name = progressProjection(projection);
  const startedAt = clock();
  let generation: number | undefined;
  let checkpoint: LogPosition | null = null;
  let writtenAt = startedAt;
  return {
    record: async (position, events, done = false) => {
      const now = clock();
      if (generation === undefined && (done || now - startedAt < everyMs)) return;
      if (!done && now - writtenAt < everyMs) return;
      if (generation === undefined) {
        generation = await store.beginGeneration(name, 1);
        await store.activate(name, generation);
      }
      const doc: ProgressDoc = { events, total, startedAt: new Date(startedAt).toISOString(), updatedAt: new Date(now).toISOString(), done };
      // The checkpoint only moves forward; a write at the same place changes the document alone.
      const to = checkpoint !== null && comparePositions(position, checkpoint) <= 0 ? checkpoint : position;
      await store.applyBatch(name, generation, [{ collection: COLLECTION, key: KEY, doc }], { from: checkpoint, to });
      checkpoint = to;
      writtenAt = now;
    },
  };
};

/** The rebuild of `projection` in progress, as last recorded; null when none runs. */
export const rebuildProgressOf = async (store: ReadModelStore, projection: string, now: number): Promise<RebuildProgress | null> => {
  const name = progressProjection(projection);
  const head = await store.head(name);
  if (head === null) return null;
  const found = (await store.get(name, head.generation, COLLECTION, [KEY])).get(KEY) as ProgressDoc | undefined;
  if (found === undefined || found.done || now - Date.parse(found.updatedAt) > ABANDONED_AFTER_MS) return null;
  const { done: _done, ...progress } = found;
  return progress;
};
