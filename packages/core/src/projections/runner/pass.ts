// One readAll pass of the log through a runner's generations: each event folded into every
// target's batch (an overlay over its cached documents), and each batch committed with its
// checkpoint in one atomic store write, at a catch-up's or a rebuild's cadence.
import { comparePositions, type LogPosition } from '../../domain/envelope.js';
import type { EventStore, ReadAllReach } from '../../ports/event-store.js';
import type { Fence, ReadModelStore } from '../../ports/read-model-store.js';
import type { ProjectionTelemetry } from '../../telemetry/projections.js';
import { createBatchFold, type Pending } from './batch-fold.js';
import type { Generation } from './generation.js';
import { originOf } from './origin.js';
import { Overlay } from './overlay.js';

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
  /** How far the log is read (ReadAllReach); default `committed`. A follower reads what is `readable`. */
  readonly upTo?: ReadAllReach;
}

/**
 * Documents per store write in a rebuild (at most; rebuildBatchSize when smaller): a batch of
 * more is written in several. Into Redis, a batch is one MULTI whose commands ioredis joins into
 * one buffer; the last batch of a 1,000,000-event rebuild, every client document, held some
 * 170 MB outside the JavaScript heap.
 */
export const REBUILD_WRITE_SLICE = 2000;

/**
 * Events per readAll call; commits may span several (a rebuild's) or split none (a catch-up's).
 * Small enough that a page of parsed events dies young: pages of 5,000 outlived the young
 * generation, so every event was promoted before becoming garbage (a 200k-event Redis rebuild
 * peaked at ~410 MB against ~355 MB with pages of 1,000, and spent more CPU collecting).
 */
const READ_BATCH = 1000;

/** What a pass works with, from the runner that drives it. */
export interface PassContext {
  readonly eventStore: EventStore;
  readonly readModelStore: ReadModelStore;
  readonly telemetry: ProjectionTelemetry;
  readonly storeIdentity: () => Promise<string>;
  /** Whether a generation is the one readers see: only a live generation's lag is reported. */
  readonly isLive: (target: Generation) => boolean;
  readonly fence?: (projection: string) => Fence | undefined;
  readonly onParked?: (notice: { readonly projection: string; readonly position: LogPosition; readonly reason: string }) => void;
  /** Documents per store write in a rebuild (see REBUILD_WRITE_SLICE). */
  readonly writeSlice: number;
  /** Documents a generation's cache keeps between batches. */
  readonly cacheLimit: number;
}

/** How a pass ended: it read to the end of the log (or to `until`), or its signal cut it short. */
export type PassOutcome = 'complete' | 'aborted';

export type Pass = (
  targets: readonly Generation[],
  cadence: { readonly events: number } | { readonly documents: number },
  options: CatchUpOptions,
  recordProgress?: (progress: Progress) => Promise<void>,
) => Promise<PassOutcome>;

/** Events after `after` by the store's count (one query per pass), or null when it cannot say. */
export const countAfter = async (eventStore: EventStore, after: LogPosition | null): Promise<number | null> => {
  if (eventStore.countAfter === undefined) return null;
  try {
    return await eventStore.countAfter(after);
  } catch {
    // The lag is a report, not the work: a count that fails leaves it unknown.
    return null;
  }
};

export const createPass = (context: PassContext): Pass => {
  const { eventStore, readModelStore, telemetry, storeIdentity, writeSlice, cacheLimit } = context;
  const foldBatch = createBatchFold(context);

  /**
   * One readAll pass that brings every target up to the end of the log (or `until`), committing
   * each target's changed documents with its checkpoint at the cadence given and at the end:
   * every target every `events` events (a catch-up: what a crash can cost to refold), or each
   * target once its batch holds `documents` changed documents (a rebuild: bounded memory).
   */
  return async (
    targets: readonly Generation[],
    cadence: { readonly events: number } | { readonly documents: number },
    { onProgress, until, signal, upTo = 'committed' }: CatchUpOptions,
    recordProgress?: (progress: Progress) => Promise<void>,
  ): Promise<PassOutcome> => {
    if (targets.length === 0) return 'complete';
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
      const counted = atEnd ? 0 : await (total ??= countAfter(eventStore, after));
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
        const fence = context.fence?.(target.projection.name);
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
    for await (const batch of eventStore.readAll(after === null ? { batchSize: readSize, upTo } : { after, batchSize: readSize, upTo })) {
      const { done, failure, read } = await foldBatch(pending, batch, until);
      sinceCommit += batch.length;
      // A failure stops before its event; what was read up to it is committed below.
      consumed += read;
      for (const p of pending) {
        // A generation being rebuilt is not what readers see: only a live one's lag is reported.
        if (context.isLive(p.target)) telemetry.behind(p.target.projection.name, p.events);
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
      if (done) return 'complete';
      if (signal?.aborted === true) {
        if (sinceCommit > 0) await commit(false);
        return 'aborted';
      }
    }
    await commit(true);
    return 'complete';
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
