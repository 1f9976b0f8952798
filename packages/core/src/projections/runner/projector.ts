// A long-running projector: one active per read model, the others standing by. It holds a lease
// on each of its projections in the read-model store (each one it can take: two projectors may
// share the projections between them), renews them on every round, and writes every batch fenced
// by its lease (runner.ts), so a projector that loses a lease cannot commit another batch.
// It tails the log on the event store's live wake-up where it has one (waitForAppends: PostgreSQL
// LISTEN/NOTIFY, an EventStoreDB subscription, memory appends; SQLite polls inside it), with a
// slow poll behind it; on a store without one, by polling with back-off. Either way a round comes
// at least every third of the lease's TTL, and folds for no longer than that, so the lease is
// always renewed in time.
import { comparePositions, samePosition, type LogPosition } from '../../domain/envelope.js';
import { ForeignReadModels, StoreUnavailable, type EventStore } from '../../ports/event-store.js';
import { LeaseLost, type Fence, type LeaseState, type ReadModelStore } from '../../ports/read-model-store.js';
import type { AnyProjection } from './fold.js';
import { foreignStoreOf } from './origin.js';
import { createProjectionRunner, type ProjectionRunner, type ProjectionRunnerOptions } from './runner.js';

export type ProjectorEvent =
  | { readonly kind: 'active'; readonly leases: readonly LeaseState[] }
  /** Another projector holds these projections' leases (this one may hold the others: see 'active'). */
  | { readonly kind: 'standby'; readonly holder: string | null; readonly projections: readonly string[] }
  | { readonly kind: 'caught-up'; readonly projection: string; readonly checkpoint: string | null }
  | { readonly kind: 'lost'; readonly reason: string }
  /** A store stopped answering: a follower waits `retryInMs` and tries again; its leases run out unrenewed meanwhile. */
  | { readonly kind: 'unavailable'; readonly reason: string; readonly retryInMs: number };

export interface ProjectorOptions extends Pick<ProjectionRunnerOptions, 'batchSize' | 'cacheLimit' | 'onStale' | 'foreignReadModels'> {
  readonly eventStore: EventStore;
  readonly readModelStore: ReadModelStore;
  readonly projections: readonly AnyProjection[];
  /** Who this projector is, as leases and `rapport status` name it (host and process id). */
  readonly holder: string;
  /** How long a lease lasts unrenewed (default 10 s): how soon a standby takes over from a dead projector. */
  readonly leaseTtlMs?: number;
  /** The shortest wait between rounds that found nothing new (default 50 ms). */
  readonly pollMs?: number;
  /**
   * With a live wake-up, the longest wait for one before reading anyway (default 30 s; never more
   * than a third of the lease's TTL): what a missed notification can cost.
   */
  readonly slowPollMs?: number;
  /** Without it the projector catches up once and returns; with it, it follows until aborted. */
  readonly follow?: boolean;
  /** Stops a follow: the batch being folded is committed, the leases released. */
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: ProjectorEvent) => void;
}

/** Waits `ms`, or less if the signal aborts. */
const pause = (ms: number, signal: AbortSignal | undefined): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted === true) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

const showCheckpoint = (runner: ProjectionRunner, name: string): string | null => {
  const c = runner.checkpoint(name);
  return c === null ? null : c.commit === c.prepare ? String(c.commit) : `${c.commit}/${c.prepare}`;
};

/** Where the next round reads from: the earliest checkpoint (null: one has none, from the start). */
const earliestCheckpoint = (runner: ProjectionRunner, projections: readonly AnyProjection[]): LogPosition | null => {
  let first: LogPosition | null = null;
  for (const p of projections) {
    const c = runner.checkpoint(p.name);
    if (c === null) return null;
    if (first === null || comparePositions(c, first) < 0) first = c;
  }
  return first;
};

/**
 * Runs until caught up (one round) or, with `follow`, until the signal aborts. It folds the
 * projections whose leases it can take and stands by for those another projector holds, taking
 * each over when its lease runs out. Resolves false when a one-round run found any lease held by
 * another projector (those it left alone, the others it caught up), true otherwise.
 */
export const runProjector = async (options: ProjectorOptions): Promise<boolean> => {
  const { readModelStore, projections, holder, signal, onEvent } = options;
  const ttl = options.leaseTtlMs ?? 10_000;
  const minimumWait = options.pollMs ?? 50;
  const longestWait = Math.max(minimumWait, Math.floor(ttl / 3));
  let fences = new Map<string, Fence>();
  let runner: ProjectionRunner | undefined;
  const slowPoll = Math.min(options.slowPollMs ?? 30_000, longestWait);
  const wake = options.eventStore.waitForAppends?.bind(options.eventStore);
  let woken = false;
  let wait = minimumWait;
  /** What the last standby event said (projections and holder), so each change is told once. */
  let standingBy: string | null = null;
  /** The projections the runner folds, by name: a new runner whenever the leases held change. */
  let runnerOf = '';

  /**
   * The standby event for projections another projector holds (the holder of the first), and when
   * the first of their leases runs out unless renewed (epoch ms, as the store keeps it).
   */
  const standbyFor = async (theirs: readonly AnyProjection[]): Promise<{ event: ProjectorEvent & { kind: 'standby' }; expiresAt: number }> => {
    const states = [];
    for (const p of theirs) states.push(await readModelStore.leaseState(p.name));
    const expiresAt = Math.min(...states.map((l) => l?.expiresAt ?? 0));
    return { event: { kind: 'standby', holder: states[0]?.holder ?? null, projections: theirs.map((p) => p.name) }, expiresAt };
  };

  let identity: string | undefined;
  /**
   * Read models another projector keeps from another event store are refused at once, as a
   * runner refuses them on taking over: standing by for them would only end in that refusal once
   * their projector stopped, and meanwhile say nothing of the wrong store.
   */
  const refuseForeign = async (theirs: readonly AnyProjection[]): Promise<void> => {
    if (options.foreignReadModels === 'rebuild') return;
    identity ??= await options.eventStore.identity();
    for (const p of theirs) {
      const head = await readModelStore.head(p.name);
      const builtFrom = head === null ? null : foreignStoreOf(head.origin, identity);
      if (builtFrom !== null) throw new ForeignReadModels(p.name, builtFrom, identity);
    }
  };

  /**
   * How long to wait before asking for leases again, at most `longest`: until the first of the
   * others' leases runs out (a little after, jittered, so standbys do not ask in step), so a
   * projector that died is taken over within its TTL of its last renewal, not up to a round later.
   */
  const untilExpiry = (expiresAt: number | null, longest: number): number =>
    expiresAt === null ? longest : Math.min(longest, Math.max(minimumWait, expiresAt - Date.now() + 5 + Math.floor(Math.random() * 20)));

  /** The caller's signal, read afresh (the loop's checks do not make it constant). */
  const stopped = (): boolean => signal?.aborted === true;

  /**
   * Gives the leases back so a standby takes over at once. A store that fails one would fail the
   * rest, each after its own time-out (a silent Redis: 3 s a lease), so the first failure ends it:
   * the others simply run out within their TTL.
   */
  const release = async (): Promise<void> => {
    const held = [...fences.values()];
    fences = new Map();
    for (const fence of held) {
      try {
        await readModelStore.releaseLease(fence);
      } catch {
        break;
      }
    }
  };

  /** Whether the store's heads are where the runner holds its projections. */
  const holdsStoredHeads = async (held: ProjectionRunner, names: readonly AnyProjection[]): Promise<boolean> => {
    for (const p of names) {
      const head = await readModelStore.head(p.name);
      if (head === null || !samePosition(head.checkpoint, held.checkpoint(p.name))) return false;
    }
    return true;
  };

  /**
   * One round: take or renew the leases, fold what is new, wait for more. Returns whether every
   * projection is caught up when the projector is done (not following, or stopped), undefined to go on.
   */
  const runRound = async (): Promise<boolean | undefined> => {
    const leases: (LeaseState | null)[] = [];
    for (const p of projections) leases.push(await readModelStore.lease(p.name, holder, ttl));
    const held = leases.filter((l): l is LeaseState => l !== null);
    const mine = projections.filter((_, i) => leases[i] !== null);
    const theirs = projections.filter((_, i) => leases[i] === null);
    // Another projector holds some: this one takes the rest rather than standing by for them
    // all, so a projection nobody holds never waits behind one that holds others (a
    // `project clients --follow` beside a full projector, or two started together).
    const standby = theirs.length === 0 ? null : await standbyFor(theirs);
    const standbyKey = standby === null ? null : `${standby.event.projections.join()}:${standby.event.holder ?? ''}`;
    if (standby !== null && standbyKey !== standingBy) {
      await refuseForeign(theirs);
      onEvent?.(standby.event);
    }
    standingBy = standbyKey;
    const othersExpireAt = standby?.expiresAt ?? null;
    if (mine.length === 0) {
      fences = new Map();
      runner = undefined;
      runnerOf = '';
      if (options.follow !== true) return false;
      await pause(untilExpiry(othersExpireAt, longestWait), signal);
      return undefined;
    }
    const mineKey = mine.map((p) => p.name).join();
    if (runner === undefined || runnerOf !== mineKey) {
      // A fresh runner on taking over (any lease): whatever one held in memory may be out of date.
      runner = createProjectionRunner({
        eventStore: options.eventStore,
        readModelStore,
        projections: mine,
        fence: (name) => fences.get(name),
        ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
        ...(options.cacheLimit === undefined ? {} : { cacheLimit: options.cacheLimit }),
        ...(options.onStale === undefined ? {} : { onStale: options.onStale }),
        ...(options.foreignReadModels === undefined ? {} : { foreignReadModels: options.foreignReadModels }),
      });
      runnerOf = mineKey;
      onEvent?.({ kind: 'active', leases: held });
    }
    fences = new Map(held.map((l) => [l.lease, l]));
    const before = mine.map((p) => showCheckpoint(runner!, p.name)).join();
    // A round folds for at most a third of the TTL, then ends after the batch under way: a
    // long catch-up (a first build, a backlog) goes on in the next round, after the leases are
    // renewed, instead of running past them while a standby takes over and throws its work away.
    const round = new AbortController();
    const endRound = (): void => round.abort();
    const roundTimer = setTimeout(endRound, longestWait);
    signal?.addEventListener('abort', endRound, { once: true });
    try {
      // A follower reads what is readable and the rest when woken again; a single catch-up
      // (no follow) reaches every event committed before it, like a report's.
      const upTo = options.follow === true ? 'readable' : 'committed';
      await runner.catchUp({ signal: round.signal, upTo });
    } catch (error) {
      if (!(error instanceof LeaseLost)) throw error;
      // Overtaken while paused past the TTL: nothing of this batch was written; stand by.
      onEvent?.({ kind: 'lost', reason: error.message });
      fences = new Map();
      runner = undefined;
      return undefined;
    } finally {
      clearTimeout(roundTimer);
      signal?.removeEventListener('abort', endRound);
    }
    const after = mine.map((p) => showCheckpoint(runner!, p.name)).join();
    if (after !== before) for (const p of mine) onEvent?.({ kind: 'caught-up', projection: p.name, checkpoint: showCheckpoint(runner, p.name) });
    // Cut short by the round's time, not by the caller: renew the leases and go on at once.
    if (round.signal.aborted && !stopped()) return undefined;
    // Caught up once: what another projector holds is its to keep up to date.
    if (options.follow !== true) return theirs.length === 0;
    const progressed = after !== before;
    // A round that wrote nothing would not notice read models lost meanwhile (a Redis restarted
    // empty between two rounds, its client reconnected in time): their heads are read back, and a
    // runner that no longer matches the store is dropped, so the next round builds them again.
    if (!progressed && !(await holdsStoredHeads(runner, mine))) {
      runner = undefined;
      runnerOf = '';
      return undefined;
    }
    if (wake === undefined) {
      wait = progressed ? minimumWait : Math.min(wait * 2, longestWait);
      await pause(untilExpiry(othersExpireAt, wait), signal);
      return undefined;
    }
    // Woken for nothing (events not yet readable, a dropped subscription): back off before
    // asking again, so a wake-up that keeps coming cannot spin.
    if (woken && !progressed) {
      wait = Math.min(wait * 2, longestWait);
      await pause(untilExpiry(othersExpireAt, wait), signal);
    } else wait = minimumWait;
    woken = await wake(earliestCheckpoint(runner, mine), { timeoutMs: untilExpiry(othersExpireAt, slowPoll), ...(signal === undefined ? {} : { signal }) });
    return undefined;
  };

  /** The wait before trying a store again after it stopped answering: doubled each time, reset by a round that works. */
  let outage = 0;
  /** Whether a round has worked since the projector started. */
  let reached = false;

  try {
    for (;;) {
      if (signal?.aborted === true) return true;
      try {
        const step = await runRound();
        outage = 0;
        reached = true;
        if (step !== undefined) return step;
      } catch (error) {
        // A follower outlives an outage of either store (a Redis restarted, a PostgreSQL failover):
        // it drops what it held in memory (its leases run out unrenewed, and a standby may take
        // over, fenced) and tries again, rather than leave the read models unprojected until
        // someone restarts it. A store never reached since it started is a wrong address as
        // likely as an outage: that fails, as a store that cannot be opened does.
        if (!(error instanceof StoreUnavailable)) throw error;
        // Stopped while a store hung or failed: as asked, with nothing half written.
        if (stopped()) return true;
        if (options.follow !== true || !reached) throw error;
        fences = new Map();
        runner = undefined;
        runnerOf = '';
        standingBy = null;
        outage = Math.min(outage === 0 ? minimumWait * 10 : outage * 2, longestWait);
        onEvent?.({ kind: 'unavailable', reason: error.message, retryInMs: outage });
        await pause(outage, signal);
      }
    }
  } finally {
    await release();
  }
};
