// Drives projections from the event log into a read-model store. Every batch of documents goes to
// the store with its checkpoint in one atomic write. The runner holds only the documents it has
// read by key or written (see cache.ts), never a whole read model it did not build itself; readers
// query the store (reports/read-model-source.ts).
import { comparePositions, type LogPosition, type RecordedEvent } from '../../domain/envelope.js';
import { type EventStore } from '../../ports/event-store.js';
import type { ProjectedEvent } from '../projection.js';
import { CheckpointConflict, type Fence, type GenerationHead, type ReadModelStore, type StoredDocument } from '../../ports/read-model-store.js';
import { UndecodableEvent } from '../../application/snapshot.js';
import { parkedDocument } from './parked.js';
import { DocumentCache, DocumentNotCached } from './cache.js';
import { ProjectionFailure, foldEvent, projectEvent, type AnyProjection } from './fold.js';
import { originOf, staleReason } from './origin.js';
import { Overlay } from './overlay.js';
import { progressRecorder } from './rebuild-progress.js';
import { projectionTelemetry } from '../../telemetry/projections.js';

export interface Progress {
  readonly projection: string;
  /** The last event folded (committed with the next store write). */
  readonly position: LogPosition;
  /** Events folded into this projection so far in this run. */
  readonly events: number;
}

export interface RebuildOptions {
  readonly onProgress?: (progress: Progress) => void;
}

export interface CatchUpOptions extends RebuildOptions {
  /** Stop after this position (inclusive), e.g. the end of the log when a report started. */
  readonly until?: LogPosition;
  /** Once aborted, the catch-up stops after the batch it is folding, committed. */
  readonly signal?: AbortSignal;
}

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

/** One generation of a projection in the store, and what this runner holds of its documents. */
interface Generation {
  readonly projection: AnyProjection;
  readonly number: number;
  checkpoint: LogPosition | null;
  /** What was written with the checkpoint (see origin.ts). */
  origin: string | null;
  readonly cache: DocumentCache;
}

/** One batch's work for one generation. */
interface Pending {
  readonly target: Generation;
  readonly overlay: Overlay;
  /** Events at or before this position are already in the generation; null once past it. */
  skipThrough: LogPosition | null;
  last: LogPosition | null;
  /** The event at `last`, whose hash goes with the checkpoint. */
  lastEvent: RecordedEvent | null;
  /** Events of the batch parked for this target, written with it. */
  readonly parked: StoredDocument[];
  events: number;
  /** When the batch was opened, for its latency (telemetry's clock). */
  readonly openedAt: number;
}

/** Changed documents per store write in a rebuild unless the options say otherwise (see rebuildBatchSize). */
const DEFAULT_REBUILD_BATCH = 20_000;

/**
 * Documents per store write in a rebuild (at most; rebuildBatchSize when smaller): a batch of
 * more is written in several. Into Redis, a batch is one MULTI whose commands ioredis joins into
 * one buffer; the last batch of a 1,000,000-event rebuild, every client document, held some
 * 170 MB outside the JavaScript heap.
 */
const REBUILD_WRITE_SLICE = 2000;

/**
 * Events per readAll call; commits may span several (a rebuild's) or split none (a catch-up's).
 * Small enough that a page of parsed events dies young: pages of 5,000 outlived the young
 * generation, so every event was promoted before becoming garbage (a 200k-event Redis rebuild
 * peaked at ~410 MB against ~355 MB with pages of 1,000, and spent more CPU collecting).
 */
const READ_BATCH = 1000;

/** How long a first build that lost a race waits for the winner's activations (see startNow). */
const SETTLE_POLLS = 40;
const SETTLE_MS = 50;

/** How often a catch-up reloads after another writer moved a checkpoint before giving up. */
const CONFLICT_ATTEMPTS = 3;

export const createProjectionRunner = (options: ProjectionRunnerOptions): ProjectionRunner => {
  const { eventStore, readModelStore, projections } = options;
  const batchSize = positive('batchSize', options.batchSize ?? 1000);
  const rebuildBatchSize = positive('rebuildBatchSize', options.rebuildBatchSize ?? DEFAULT_REBUILD_BATCH);
  const writeSlice = Math.min(rebuildBatchSize, REBUILD_WRITE_SLICE);
  const cacheLimit = positive('cacheLimit', options.cacheLimit ?? 20_000);
  const progressEveryMs = options.progressEveryMs ?? 1000;
  const names = projections.map((p) => p.name);
  const byName = new Map(projections.map((p) => [p.name, p] as const));
  const telemetry = projectionTelemetry();
  if (byName.size !== projections.length) throw new Error(`projection names must be unique, got ${names.join(', ')}`);

  const live = new Map<string, Generation>();
  let started = false;

  // One operation at a time: a catch-up and a rebuild must not write the same generation at once.
  // Queries (view, checkpoint) never wait.
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };

  /** `fresh`: begun empty by this runner, so every document it will ever have passes through it. */
  const generation = (projection: AnyProjection, head: Omit<GenerationHead, 'version'>, fresh: boolean): Generation => ({
    projection,
    number: head.generation,
    checkpoint: head.checkpoint,
    origin: head.origin,
    cache: new DocumentCache(projection.collections, fresh, projection.retain?.bind(projection)),
  });

  let identity: Promise<string> | undefined;
  const storeIdentity = (): Promise<string> => (identity ??= eventStore.identity());

  /**
   * The live generation as stored, or null when it must be rebuilt: none, another version, or
   * models that are not of this log (said through onStale).
   */
  const load = async (projection: AnyProjection): Promise<Generation | null> => {
    const stored = await readModelStore.head(projection.name);
    if (stored === null || stored.version !== projection.version) return null;
    const reason = await staleReason(eventStore, await storeIdentity(), stored);
    if (reason !== null) {
      options.onStale?.({ projection: projection.name, reason });
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

  /** Reads a document a handler asked for into the cache (absent ones are remembered as such). */
  const fetch = async (target: Generation, { collection, key }: DocumentNotCached): Promise<void> => {
    const cached = Object.hasOwn(target.cache.collections, collection) ? target.cache.collections[collection] : undefined;
    // A collection the projection does not declare: the fold reports it as the projection's failure.
    if (cached === undefined) throw new Error(`projection ${target.projection.name} read collection "${collection}", which it does not declare`);
    const found = await readModelStore.get(target.projection.name, target.number, collection, [key]);
    cached.set(key, found.get(key));
  };

  /**
   * Folds one event into a target. Synchronous when the handler finds what it reads in memory,
   * which is nearly always: a promise (and its await) for each of a rebuild's events and
   * projections was the largest source of garbage in a rebuild's profile.
   */
  const foldInto = (p: Pending, event: ProjectedEvent, recorded: RecordedEvent): Promise<void> | undefined => {
    try {
      foldEvent(p.target.projection, p.overlay, event, recorded);
      return undefined;
    } catch (error) {
      if (!(error instanceof DocumentNotCached)) throw error;
      return foldAfterReading(p, event, recorded, error);
    }
  };

  /** Reads from the store what the handler asked for, then folds the event again, as often as needed. */
  const foldAfterReading = async (p: Pending, event: ProjectedEvent, recorded: RecordedEvent, missing: DocumentNotCached): Promise<void> => {
    for (let wanted = missing; ; ) {
      await fetch(p.target, wanted);
      try {
        return foldEvent(p.target.projection, p.overlay, event, recorded);
      } catch (error) {
        if (!(error instanceof DocumentNotCached)) throw error;
        wanted = error;
      }
    }
  };

  /** Folds one batch into each target's overlay. Stops at `until` or at the first failure. */
  const foldBatch = async (pending: readonly Pending[], batch: readonly RecordedEvent[], until: LogPosition | undefined) => {
    let read = 0;
    for (const recorded of batch) {
      if (until !== undefined && comparePositions(recorded.position, until) > 0) return { done: true, read };
      let event: ProjectedEvent | undefined;
      for (const p of pending) {
        if (p.skipThrough !== null) {
          if (comparePositions(recorded.position, p.skipThrough) <= 0) continue;
          p.skipThrough = null;
        }
        try {
          event ??= projectEvent(recorded);
          const reading = foldInto(p, event, recorded);
          if (reading !== undefined) await reading;
        } catch (failure) {
          // A store that failed (reading a document) is not the event's fault: stop there.
          if (!(failure instanceof UndecodableEvent || failure instanceof ProjectionFailure)) return { done: true, failure, read };
          // The event is parked, with the checkpoint that moves past it, and nothing of it folded.
          p.parked.push(parkedDocument(p.target.projection.name, recorded, failure));
          options.onParked?.({ projection: p.target.projection.name, position: recorded.position, reason: failure.message });
        }
        p.last = recorded.position;
        p.lastEvent = recorded;
        p.events += 1;
      }
      read += 1;
    }
    return { done: false, read };
  };

  /** Events after `after` by the store's count (one query per pass), or null when it cannot say. */
  const countAfter = async (after: LogPosition | null): Promise<number | null> => {
    if (eventStore.countAfter === undefined) return null;
    try {
      return await eventStore.countAfter(after);
    } catch {
      // The lag is a report, not the work: a count that fails leaves it unknown.
      return null;
    }
  };

  /**
   * One readAll pass that brings every target up to the end of the log (or `until`), committing
   * each target's changed documents with its checkpoint at the cadence given and at the end:
   * every target every `events` events (a catch-up: what a crash can cost to refold), or each
   * target once its batch holds `documents` changed documents (a rebuild: bounded memory).
   */
  const pass = async (
    targets: readonly Generation[],
    cadence: { readonly events: number } | { readonly documents: number },
    { onProgress, until, signal }: CatchUpOptions,
    recordProgress?: (progress: Progress) => Promise<void>,
  ): Promise<void> => {
    if (targets.length === 0) return;
    const after = earliest(targets.map((t) => t.checkpoint));
    const committed = new Map<Generation, number>(targets.map((t) => [t, 0]));
    const rebuilding = 'documents' in cadence;
    const open = (target: Generation): Pending => ({ target, overlay: new Overlay(target.cache.collections), skipThrough: target.checkpoint, last: null, lastEvent: null, parked: [], events: 0, openedAt: telemetry.now() });
    const pending = targets.map(open);
    let sinceCommit = 0;
    // The lag recorded with a checkpoint short of the end: the log's events after the pass's start,
    // counted once (on the first such commit, so a pass that commits once at the end pays
    // nothing), less those read since.
    let total: Promise<number | null> | undefined;
    let consumed = 0;
    /**
     * Commits the targets `due` (all by default) and opens new batches for them. `atEnd`: the pass
     * has read to the end of the log, so what it commits leaves nothing behind. `slice`: a
     * rebuild's slice, written only to bound memory: documents the projection will change again
     * (Projection.retain) stay in the next batch rather than being written now and again later
     * (a client's open history chunk would be rewritten in every slice). Nothing reads a
     * generation before it is activated, and the pass's last commit writes them all.
     */
    const commit = async (atEnd: boolean, due: (p: Pending) => boolean = () => true, slice = false): Promise<void> => {
      const counted = atEnd ? 0 : await (total ??= countAfter(after));
      const lag = counted === null ? null : Math.max(0, counted - consumed);
      for (const [i, p] of pending.entries()) {
        if (!due(p)) continue;
        const next = open(p.target);
        pending[i] = next;
        if (p.last === null || p.lastEvent === null) continue;
        const { target } = p;
        if (slice && target.projection.retain !== undefined) {
          p.overlay.carryInto(next.overlay, (change) => target.projection.retain!(change));
          // Written by the next commit even if no event comes first (a batch that leaves the checkpoint where it is).
          if (next.overlay.size > 0) {
            next.last = p.last;
            next.lastEvent = p.lastEvent;
          }
        }
        const origin = originOf(await storeIdentity(), p.lastEvent, lag);
        // 'skipped' means another runner already stored this very batch: folds are deterministic,
        // so the cache takes it all the same.
        const fence = options.fence?.(target.projection.name);
        const move = { from: target.checkpoint, to: p.last, origin, ...(fence === undefined ? {} : { fence }) };
        const batch = { projection: target.projection.name, generation: target.number, events: p.events, ...move, openedAt: p.openedAt };
        const changes = [...p.overlay.changes(), ...p.parked];
        await telemetry.batch(batch, async () => {
          // A rebuild writes in slices of writeSlice documents: the first moves the checkpoint,
          // the others leave it there. Nothing reads the generation before it is activated, and a
          // rebuild that stops halfway is never activated; a store then never holds (nor, into
          // Redis, sends in one MULTI) a whole projection's documents at once.
          const size = rebuilding ? writeSlice : Math.max(changes.length, 1);
          const first = await readModelStore.applyBatch(target.projection.name, target.number, changes.slice(0, size), move);
          // Skipped: another runner stored this very batch, slices and all.
          if (first === 'skipped') return first;
          const rest = { ...move, from: move.to };
          for (let i = size; i < changes.length; i += size) await readModelStore.applyBatch(target.projection.name, target.number, changes.slice(i, i + size), rest);
          return first;
        });
        p.overlay.mergeInto();
        target.cache.settle(cacheLimit);
        target.checkpoint = p.last;
        target.origin = origin;
        committed.set(target, committed.get(target)! + p.events);
      }
      if (pending.every((p) => p.last === null)) sinceCommit = 0;
    };
    /** A rebuild's targets whose batch holds enough documents to be written. */
    // A projection that carries documents from slice to slice (see commit) counts events instead:
    // the documents it carries are there at every commit.
    const full =
      'documents' in cadence
        ? (p: Pending) => (p.target.projection.retain === undefined ? p.overlay.size : p.events) + p.parked.length >= cadence.documents
        : undefined;
    // An event changes a few documents at most, so a batch never outgrows its cadence by much.
    const readSize = Math.min('events' in cadence ? cadence.events : cadence.documents, READ_BATCH);
    for await (const batch of eventStore.readAll(after === null ? { batchSize: readSize } : { after, batchSize: readSize })) {
      const { done, failure, read } = await foldBatch(pending, batch, until);
      sinceCommit += batch.length;
      // A failure stops before its event; what was read up to it is committed below.
      consumed += read;
      for (const p of pending) {
        // A generation being rebuilt is not what readers see: only a live one's lag is reported.
        if (live.get(p.target.projection.name) === p.target) telemetry.behind(p.target.projection.name, p.events);
        if (p.last === null) continue;
        const progress = { projection: p.target.projection.name, position: p.last, events: committed.get(p.target)! + p.events };
        onProgress?.(progress);
        await recordProgress?.(progress);
      }
      // What was folded before a failure is sound: commit it, so the checkpoint stops right before
      // the failing event and the error repeats there rather than elsewhere.
      if (failure !== undefined || done || ('events' in cadence && sinceCommit >= cadence.events)) await commit(failure === undefined && !done && batch.length < readSize);
      else if (full !== undefined && pending.some(full)) await commit(false, full, true);
      if (failure !== undefined) throw failure;
      if (done) return;
      if (signal?.aborted === true) {
        if (sinceCommit > 0) await commit(false);
        return;
      }
    }
    await commit(true);
  };

  /** A first build during a catch-up stops at its `until` too; a requested rebuild has none. */
  const rebuildNow = async (selected: readonly AnyProjection[], options: CatchUpOptions): Promise<void> => {
    if (selected.length === 0) return;
    const fresh: Generation[] = [];
    const activated: Generation[] = [];
    try {
      for (const projection of selected) {
        const number = await readModelStore.beginGeneration(projection.name, projection.version);
        fresh.push(generation(projection, { generation: number, checkpoint: null, origin: null }, true));
      }
      // Recorded for other processes' `rapport status`; a record that cannot be written (another
      // rebuild of the same projection took it over) costs the rebuild nothing.
      const total = await countAfter(null);
      const recorders = new Map(fresh.map((g) => [g.projection.name, progressRecorder(readModelStore, g.projection.name, total, progressEveryMs)]));
      const reached = new Map<string, Progress>();
      const record = async (progress: Progress, done = false): Promise<void> => {
        reached.set(progress.projection, progress);
        await recorders.get(progress.projection)?.record(progress.position, progress.events, done).catch(() => undefined);
      };
      try {
        await pass(fresh, { documents: rebuildBatchSize }, options, record);
      } finally {
        for (const progress of reached.values()) await record(progress, true);
      }
      for (const g of fresh) {
        await readModelStore.activate(g.projection.name, g.number);
        activated.push(g);
      }
    } catch (error) {
      for (const g of fresh) {
        if (activated.includes(g)) continue;
        // The rebuild's own failure is the one to report; a generation left behind is dropped
        // by the next activation anyway.
        await readModelStore.discardGeneration(g.projection.name, g.number).catch(() => undefined);
      }
      throw error;
    } finally {
      for (const g of activated) live.set(g.projection.name, g);
    }
  };

  /** Loads what is not being rebuilt anyway, then rebuilds the rest in one pass. */
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
        return await pass([...live.values()], { events: batchSize }, options);
      } catch (error) {
        // Another runner (another process) wrote this projection: take its state and carry on.
        if (!(error instanceof CheckpointConflict) || attempt >= CONFLICT_ATTEMPTS) throw error;
        const projection = byName.get(error.projection);
        if (projection === undefined) throw error;
        const reloaded = await load(projection);
        if (reloaded === null) await rebuildNow([projection], options);
        else live.set(projection.name, reloaded);
      }
    }
  };

  const known = (name: string): Generation | undefined => {
    if (!byName.has(name)) throw new Error(`unknown projection "${name}"; known: ${names.join(', ')}`);
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
        if (unknown.length > 0) throw new Error(`unknown projection ${unknown.map((n) => `"${n}"`).join(', ')}; known: ${names.join(', ')}`);
        const selected = selectedNames.length === 0 ? projections : projections.filter((p) => selectedNames.includes(p.name));
        await startNow(options, selected);
      }),
  };
};

/** Where a shared pass starts: after the earliest checkpoint, or from the start if any has none. */
const earliest = (checkpoints: readonly (LogPosition | null)[]): LogPosition | null => {
  let first: LogPosition | null | undefined;
  for (const c of checkpoints) {
    if (c === null) return null;
    if (first === undefined || first === null || comparePositions(c, first) < 0) first = c;
  }
  return first ?? null;
};

const positive = (name: string, value: number): number => {
  if (!(Number.isSafeInteger(value) || value === Number.POSITIVE_INFINITY) || value < 1) {
    throw new RangeError(`${name} must be a positive integer, got ${value}`);
  }
  return value;
};
