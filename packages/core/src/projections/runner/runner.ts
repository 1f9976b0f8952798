// Drives projections from the event log into a read-model store. Every batch of documents goes to
// the store with its checkpoint in one atomic write. The runner holds only the documents it has
// read by key or written (see cache.ts), never a whole read model it did not build itself; readers
// query the store (reports/read-model-source.ts).
import { comparePositions, samePosition, type LogPosition } from '../../domain/envelope.js';
import { StoreUnavailable, type EventStore } from '../../ports/event-store.js';
import { CheckpointConflict, type Fence, type GenerationHead, type ReadModelStore } from '../../ports/read-model-store.js';
import { projectionTelemetry } from '../../telemetry/projections.js';
import type { AnyProjection } from './fold.js';
import { generation, type Generation } from './generation.js';
import { positiveInteger } from '../../application/options.js';
import { refusalOf, staleReason, type StaleOrigin } from './origin.js';
import { REBUILD_WRITE_SLICE, countAfter, createPass, type CatchUpOptions, type PassOutcome, type Progress, type RebuildOptions } from './pass.js';
import { progressRecorder } from './rebuild-progress.js';

export type { Progress, RebuildOptions, CatchUpOptions } from './pass.js';

export interface ProjectionRunnerOptions {
  readonly eventStore: EventStore;
  readonly readModelStore: ReadModelStore;
  readonly projections: readonly AnyProjection[];
  /** Events per store write when catching up (default 1,000): what a crash can cost to refold. */
  readonly batchSize?: number;
  /**
   * Changed documents per store write in a rebuild (default 20,000): a rebuild writes a
   * projection's batch once it holds this many, and at the end. Nothing reads a generation before
   * it is activated, so writing it in slices buys no visibility; it bounds memory, whatever the
   * log's length (every client event is a document of `history`), while a projection whose
   * documents are fewer than this (`clients`: one per client) is written once, at the end, rather
   * than rewritten in every slice of the log. Each such write goes to the store in pieces of at
   * most 2,000 documents (this many when smaller), the first moving the checkpoint.
   */
  readonly rebuildBatchSize?: number;
  /**
   * Documents a runner keeps in memory per projection between batches (default 20,000); past it,
   * it lets go of the least recently used and reads them by key again when asked. Bounds a
   * long-running projector's memory. Documents of a collection no handler reads (`history`) are
   * never kept past their batch, and in a generation this runner began empty, a key it never
   * wrote is known to be absent without asking the store.
   */
  readonly cacheLimit?: number;
  /**
   * Told when a stored generation cannot be trusted for this event store (built from another store,
   * or from a log since replaced or cut below its checkpoint) and is rebuilt instead of used.
   */
  readonly onStale?: (notice: StaleReadModel) => void;
  /**
   * Read models built from another event store, or from a log that no longer holds their last
   * event as they saw it (replaced, cut, or a copy of their store): `refuse` (default) throws
   * ForeignReadModels or DivergedReadModels, so that a process given the wrong store neither
   * answers from them nor rebuilds them in place; `rebuild` treats them as any stale generation
   * (an explicit rebuild always replaces them).
   */
  readonly foreignReadModels?: 'refuse' | 'rebuild';
  /**
   * The lease a batch of this projection is written under (see Fence): the store refuses the batch
   * with LeaseLost once another projector has taken the lease. None: batches are not fenced.
   */
  readonly fence?: (projection: string) => Fence | undefined;
  /**
   * How often a rebuild records its progress in the read-model store for `rapport status` in
   * other processes (default 1,000 ms; a rebuild that ends sooner records nothing).
   */
  readonly progressEveryMs?: number;
  /** Told of each event parked: one that does not decode or that a projection fails on. */
  readonly onParked?: (notice: { readonly projection: string; readonly position: LogPosition; readonly reason: string }) => void;
}

export interface StaleReadModel {
  readonly projection: string;
  readonly kind: StaleOrigin['kind'];
  readonly reason: string;
}

export interface ProjectionRunner {
  /**
   * Loads each projection's live generation once; rebuilds those never built or built by another
   * version. Called by catchUp and rebuild when needed.
   */
  start(options?: RebuildOptions): Promise<void>;
  /** Folds the events after each projection's checkpoint; all projections share one pass. */
  catchUp(options?: CatchUpOptions): Promise<void>;
  /** The position of the last event this runner knows in a projection's live generation; null before any. */
  checkpoint(projection: string): LogPosition | null;
  /** The live generation as this runner last wrote or loaded it; null before start. */
  live(projection: string): GenerationHead | null;
  /**
   * Rebuilds projections (all when `names` is empty) from the whole log into new generations, then
   * makes them live. Queries keep the old views until the swap.
   */
  rebuild(names?: readonly string[], options?: RebuildOptions): Promise<void>;
}

/** Changed documents per store write in a rebuild unless the options say otherwise (see rebuildBatchSize). */
const DEFAULT_REBUILD_BATCH = 20_000;

/** How long a first build that lost a race waits for the winner's activations (see startNow). */
const SETTLE_POLLS = 40;
const SETTLE_MS = 50;

/** How often a catch-up reloads after another writer moved a checkpoint before giving up. */
const CONFLICT_ATTEMPTS = 3;

/** Catch-up passes of a finished build before it is swapped in, chasing the live generations. */
const CATCH_UP_ROUNDS = 3;

export const createProjectionRunner = (options: ProjectionRunnerOptions): ProjectionRunner => {
  const { eventStore, readModelStore, projections } = options;
  const batchSize = positiveInteger('batchSize', options.batchSize ?? 1000, true);
  const rebuildBatchSize = positiveInteger('rebuildBatchSize', options.rebuildBatchSize ?? DEFAULT_REBUILD_BATCH, true);
  const writeSlice = Math.min(rebuildBatchSize, REBUILD_WRITE_SLICE);
  const cacheLimit = positiveInteger('cacheLimit', options.cacheLimit ?? 20_000, true);
  const progressEveryMs = options.progressEveryMs ?? 1000;
  const names = projections.map((p) => p.name);
  const byName = new Map(projections.map((p) => [p.name, p] as const));
  const telemetry = projectionTelemetry();
  if (byName.size !== projections.length) throw new Error(`projection names must be unique, got ${names.join(', ')}`);

  const live = new Map<string, Generation>();
  /** Generations whose build a signal cut short: carried on by the next catch-up or rebuild. */
  const unfinished = new Map<string, Generation>();
  let started = false;

  // One operation at a time: a catch-up and a rebuild must not write the same generation at once.
  // Queries (view, checkpoint) never wait.
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };

  let identity: Promise<string> | undefined;
  const storeIdentity = (): Promise<string> => (identity ??= eventStore.identity());

  const pass = createPass({
    eventStore,
    readModelStore,
    telemetry,
    storeIdentity,
    isLive: (target) => live.get(target.projection.name) === target,
    fence: options.fence,
    onParked: options.onParked,
    writeSlice,
    cacheLimit,
  });

  /**
   * The live generation as stored, or null when it must be rebuilt: none, another version, or
   * models that are not of this log (said through onStale).
   */
  const load = async (projection: AnyProjection): Promise<Generation | null> => {
    const stored = await readModelStore.head(projection.name);
    if (stored === null || stored.version !== projection.version) return null;
    const identity = await storeIdentity();
    const stale = await staleReason(eventStore, identity, stored);
    if (stale !== null) {
      const refusal = options.foreignReadModels === 'rebuild' ? null : refusalOf(projection.name, stale, identity);
      if (refusal !== null) throw refusal;
      options.onStale?.({ projection: projection.name, kind: stale.kind, reason: stale.reason });
      return null;
    }
    return generation(projection, stored, false);
  };

  /** `load`, waiting up to SETTLE_POLLS × SETTLE_MS for another process's activation to appear. */
  const loadSettled = async (projection: AnyProjection): Promise<Generation | null> => {
    for (let poll = 1; ; poll += 1) {
      const loaded = await load(projection);
      if (loaded !== null || poll >= SETTLE_POLLS) return loaded;
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    }
  };

  /**
   * Catches generations being built up to the end of the log again, and on until they stand where
   * the live ones do: a projector elsewhere went on folding into those while the build read, and
   * a generation swapped in behind them would take readers back in time (lag 0 all the same).
   */
  const catchUpBuilt = async (fresh: readonly Generation[], options: CatchUpOptions): Promise<PassOutcome> => {
    for (let round = 1; ; round += 1) {
      if ((await pass(fresh, { events: batchSize }, options)) === 'aborted') return 'aborted';
      // A report's first build stops where the report's log ends; the live ones are not its measure.
      if (options.until !== undefined || round >= CATCH_UP_ROUNDS) return 'complete';
      let behind = false;
      for (const g of fresh) {
        const head = await readModelStore.head(g.projection.name);
        if (head !== null && head.generation !== g.number && head.checkpoint !== null && (g.checkpoint === null || comparePositions(head.checkpoint, g.checkpoint) > 0)) behind = true;
      }
      if (!behind) return 'complete';
    }
  };

  /**
   * A first build during a catch-up stops at its `until` too; a requested rebuild has none. A build
   * that a signal cuts short (a projector's round) is not activated: it is kept, committed as far
   * as it got, and carried on by the next call, so readers never see a half-built generation.
   */
  const rebuildNow = async (selected: readonly AnyProjection[], options: CatchUpOptions): Promise<void> => {
    if (selected.length === 0) return;
    const fresh: Generation[] = [];
    const activated: Generation[] = [];
    let cutShort = false;
    try {
      for (const projection of selected) {
        const resumed = unfinished.get(projection.name);
        unfinished.delete(projection.name);
        if (resumed !== undefined) {
          fresh.push(resumed);
          continue;
        }
        const number = await readModelStore.beginGeneration(projection.name, projection.version);
        fresh.push(generation(projection, { generation: number, checkpoint: null, origin: null }, true));
      }
      // Recorded for other processes' `rapport status`; a record that cannot be written (another
      // rebuild of the same projection took it over) costs the rebuild nothing.
      const total = await countAfter(eventStore, null);
      const recorders = new Map(fresh.map((g) => [g.projection.name, progressRecorder(readModelStore, g.projection.name, total, progressEveryMs)]));
      const reached = new Map<string, Progress>();
      const record = async (progress: Progress, done = false): Promise<void> => {
        reached.set(progress.projection, progress);
        await recorders.get(progress.projection)?.record(progress.position, progress.events, done).catch(() => undefined);
      };
      try {
        // The catch-up after it goes on counting from where the build's count stands.
        const { onProgress } = options;
        const counted: CatchUpOptions = {
          ...options,
          ...(onProgress === undefined ? {} : { onProgress: (p: Progress) => onProgress({ ...p, events: p.events + (reached.get(p.projection)?.events ?? 0) }) }),
        };
        cutShort = (await pass(fresh, { documents: rebuildBatchSize }, options, record)) === 'aborted' || (await catchUpBuilt(fresh, counted)) === 'aborted';
      } finally {
        for (const progress of reached.values()) await record(progress, !cutShort);
      }
      if (cutShort) {
        for (const g of fresh) unfinished.set(g.projection.name, g);
        return;
      }
      for (const g of fresh) {
        await readModelStore.activate(g.projection.name, g.number);
        activated.push(g);
      }
    } catch (error) {
      // A store that stopped answering would make each discard wait out a time-out of its own
      // before the failure is reported: left alone, a generation is dropped by the next activation.
      if (!(error instanceof StoreUnavailable)) {
        for (const g of fresh) {
          if (activated.includes(g)) continue;
          // The rebuild's own failure is the one to report.
          await readModelStore.discardGeneration(g.projection.name, g.number).catch(() => undefined);
        }
      }
      throw error;
    } finally {
      for (const g of activated) live.set(g.projection.name, g);
    }
  };

  /** Loads what is not being rebuilt anyway, then rebuilds the rest (and any build cut short) in one pass. */
  const startNow = async (options: CatchUpOptions, rebuilding: readonly AnyProjection[] = []): Promise<void> => {
    const stale = [...rebuilding];
    if (!started) {
      for (const projection of projections) {
        if (rebuilding.includes(projection)) continue;
        const loaded = await load(projection);
        if (loaded === null) stale.push(projection);
        else live.set(projection.name, loaded);
      }
    }
    for (const name of unfinished.keys()) {
      const projection = byName.get(name)!;
      if (!stale.includes(projection)) stale.push(projection);
    }
    let building = stale;
    for (let attempt = 1; building.length > 0; attempt += 1) {
      try {
        await rebuildNow(building, options);
        building = [];
      } catch (error) {
        // Another process built the same projections at the same time and activated its
        // generations while we built ours, dropping ours: each is the same fold of the same log,
        // so use the live ones. It activates them one by one, so wait a little for those not
        // live yet; only what never comes (that process died) is built again.
        if (!(error instanceof CheckpointConflict && error.actual === 'no-generation') || attempt >= CONFLICT_ATTEMPTS) throw error;
        const missing: AnyProjection[] = [];
        for (const projection of building) {
          const loaded = await loadSettled(projection);
          if (loaded === null) missing.push(projection);
          else live.set(projection.name, loaded);
        }
        building = missing;
      }
    }
    started = true;
  };

  const catchUpNow = async (options: CatchUpOptions): Promise<void> => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await pass([...live.values()], { events: batchSize }, options);
        return;
      } catch (error) {
        // Another runner (another process) wrote this projection: take its state and carry on.
        // Another runner's catch-up moves every checkpoint, and a rebuild elsewhere replaces every
        // generation: each one this runner holds that is no longer as it holds it is reloaded, not
        // only the one that failed, so one such write costs one try (reloading one a try, the
        // fourth projection ran out of tries and failed the report).
        if (!(error instanceof CheckpointConflict) || attempt >= CONFLICT_ATTEMPTS) throw error;
        const failed = byName.get(error.projection);
        if (failed === undefined) throw error;
        const stale = [failed];
        for (const [name, held] of live) {
          if (name === failed.name) continue;
          const head = await readModelStore.head(name);
          // Moved on by another runner, replaced by a rebuild elsewhere, or gone with the store's
          // data (a Redis flushed or restarted empty): either way not the generation as held.
          if (head === null || head.generation !== held.number || !samePosition(head.checkpoint, held.checkpoint)) stale.push(held.projection);
        }
        const missing: AnyProjection[] = [];
        for (const projection of stale) {
          const reloaded = await load(projection);
          if (reloaded === null) missing.push(projection);
          else live.set(projection.name, reloaded);
        }
        // Those with nothing to load are built again together, in one pass over the log.
        if (missing.length > 0) await rebuildNow(missing, options);
      }
    }
  };

  const known = (name: string): Generation | undefined => {
    if (!byName.has(name)) throw new RangeError(`unknown projection "${name}"; known: ${names.join(', ')}`);
    return live.get(name);
  };

  return {
    checkpoint: (name) => known(name)?.checkpoint ?? null,
    live: (name) => {
      const g = known(name);
      return g === undefined ? null : { generation: g.number, version: g.projection.version, checkpoint: g.checkpoint, origin: g.origin };
    },
    start: (options = {}) => exclusive(() => startNow(options)),
    catchUp: (options = {}) =>
      exclusive(async () => {
        await startNow(options);
        await catchUpNow(options);
      }),
    rebuild: (selectedNames = [], options = {}) =>
      exclusive(async () => {
        const unknown = selectedNames.filter((name) => !byName.has(name));
        if (unknown.length > 0) throw new RangeError(`unknown projection ${unknown.map((n) => `"${n}"`).join(', ')}; known: ${names.join(', ')}`);
        const selected = selectedNames.length === 0 ? projections : projections.filter((p) => selectedNames.includes(p.name));
        await startNow(options, selected);
      }),
  };
};
