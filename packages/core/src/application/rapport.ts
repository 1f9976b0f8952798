// The library's entry point for embedding developers: one object over an event store and a
// read-model store that executes commands, waits for its own writes to reach the read models, and
// runs every report of SPEC §4, returning the same objects the CLI prints as JSON.
//
// How it answers: commands return a CommandResult (a rejection is an ordinary outcome, never
// thrown); reports and history return their report or throw a typed error — InvalidReportInput for
// an input that is not one of the accepted forms, ReportError for a client that does not exist.
import { isLeft } from 'fp-ts/lib/Either.js';
import { comparePositions, positionNumber, sequencePosition, type LogPosition } from '../domain/envelope.js';
import { clientStream } from '../domain/streams.js';
import type { FirmSettings } from '../domain/firm/state.js';
import { isValidZone } from '../domain/time/zone.js';
import { StoreUnavailable } from '../ports/event-store.js';
import { CheckpointConflict } from '../ports/read-model-store.js';
import { clientsProjection } from '../projections/clients/projection.js';
import { firmProjection, firmSettingsOf } from '../projections/firm/projection.js';
import { foldAll, knownAt, type ProjectionViews } from '../projections/runner/fold.js';
import { recordedLag } from '../projections/runner/origin.js';
import { createProjectionRunner } from '../projections/runner/runner.js';
import { salespeopleProjection } from '../projections/salespeople/projection.js';
import { historyProjection } from '../projections/history/projection.js';
import { storedHistory } from './stored-history.js';
import { attritionReport } from '../reports/attrition/query.js';
import { cohortReport } from '../reports/cohorts/query.js';
import { complaintsReport, DEFAULT_OVERDUE_DAYS } from '../reports/complaints/query.js';
import { clientHistoryReport } from '../reports/history/query.js';
import { kpiReport } from '../reports/kpis/query.js';
import { lifecycleReport } from '../reports/lifecycle/query.js';
import { sourceOf, type ReportSource } from '../reports/report-views.js';
import { segmentsReport } from '../reports/segments/query.js';
import { winbackReport } from '../reports/winback/query.js';
import { commandResultOf } from './command-result.js';
import { createCommandExecutor } from './execute.js';
import { Id } from '../domain/primitives.js';
import { showValue } from '../domain/show-value.js';
import { InvalidReportInput, ReportError, countOf, instantOf, monthOf, periodOf, type InstantInput } from './inputs.js';
import { READ_ATTEMPTS, keptMoving, pauseBeforeReadingAgain } from './moving-read-models.js';
import { isKnownAtDate, knownAtOfDate, recordedZones } from './known-at.js';
import { listParked, projectionStatus, skipParked } from './projector-status.js';
import { isParkedAt, type ParkedAt, type ParkedEvent } from '../projections/runner/parked.js';
import type { CatchUpMode, Freshness, Known, KnownAtOption, Rapport, RapportOptions } from './rapport-api.js';
import { cachedSource, emptyDocumentCache, foreignVersions, liveHeads, sameHeads, storeSource, storedFirmSettings, type LiveHeads } from './read-model-source.js';

/** What the reports fold; `history` also keeps every client event for readers without the log. */
const REPORT_PROJECTIONS = [clientsProjection, salespeopleProjection, firmProjection] as const;
export const PROJECTIONS = [...REPORT_PROJECTIONS, historyProjection] as const;
export const PROJECTION_NAMES = PROJECTIONS.map((p) => p.name);

const catchUpMode = (value: unknown): CatchUpMode => {
  if (value === undefined || value === 'auto' || value === 'never') return value ?? 'auto';
  throw new InvalidReportInput('catchUp', `catchUp must be auto or never, got ${JSON.stringify(value)}`);
};

/** The earliest of the projections' checkpoints, and the lag recorded with it. */
const freshnessOf = (heads: LiveHeads): Freshness => {
  const all = [heads.clients, heads.salespeople, heads.firm];
  const behind = all.reduce((a, b) => (b.checkpoint === null || (a.checkpoint !== null && comparePositions(b.checkpoint, a.checkpoint) < 0) ? b : a));
  return { checkpoint: behind.checkpoint === null ? null : positionNumber(behind.checkpoint), lag: recordedLag(behind.origin) };
};

/** The key-account threshold when neither the option nor the firm's settings give one (SPEC §4.5). */
export const DEFAULT_KEY_ACCOUNT_THRESHOLD = 20_000_000;

/** The report with `knownAt` after its `asOf` or `period` (first when it has neither), as in SPEC §4.8's JSON. */
const stamped = <R extends object>(report: R, { knownAt: knownAtMs, freshness }: { readonly knownAt: number | null; readonly freshness: Freshness | null }): Known<R> => {
  const entries = Object.entries(report);
  const at = entries.findIndex(([key]) => key === 'asOf' || key === 'period') + 1;
  const knownAtJson = knownAtMs === null ? null : new Date(knownAtMs).toISOString();
  const fresh = freshness === null ? [] : [['checkpoint', freshness.checkpoint], ['lag', freshness.lag]];
  return Object.fromEntries([...entries.slice(0, at), ['knownAt', knownAtJson], ...fresh, ...entries.slice(at)]) as Known<R>;
};

export const createRapport = (options: RapportOptions): Rapport => {
  const { eventStore, readModelStore } = options;
  const clock = options.clock ?? (() => new Date());
  if (options.timeZone !== undefined && !isValidZone(options.timeZone)) {
    throw new InvalidReportInput('timeZone', `unknown time zone "${options.timeZone}": expected an IANA name such as Asia/Shanghai`);
  }
  // Checked here, naming the option, rather than failing the first command or report that uses it
  // (clock is checked by the executor made below).
  catchUpMode(options.catchUp);
  if (options.foreignReadModels !== undefined && options.foreignReadModels !== 'refuse' && options.foreignReadModels !== 'rebuild') {
    throw new RangeError(`foreignReadModels must be refuse or rebuild, got ${JSON.stringify(options.foreignReadModels)}`);
  }
  const executor = createCommandExecutor({ store: eventStore, clock, occurredAt: 'default-to-clock', stampRecordedAt: true });
  const runner = createProjectionRunner({
    eventStore,
    readModelStore,
    projections: PROJECTIONS,
    ...(options.onStale === undefined ? {} : { onStale: options.onStale }),
    ...(options.foreignReadModels === undefined ? {} : { foreignReadModels: options.foreignReadModels }),
  });

  const withCommandId = (command: unknown): unknown => {
    const { commandIds } = options;
    if (commandIds === undefined || typeof command !== 'object' || command === null || Array.isArray(command)) return command;
    const given = (command as { commandId?: unknown }).commandId;
    return given === undefined || given === null ? { ...command, commandId: commandIds() } : command;
  };

  interface Context {
    readonly source: ReportSource;
    readonly firm: FirmSettings;
    readonly zone: string;
    /** The --known-at instant in epoch ms, or null. */
    readonly knownAt: number | null;
    /** Set when the answer did not catch up first: how far the read models had got. */
    readonly freshness: Freshness | null;
  }

  const zoneOf = (firm: FirmSettings): string => options.timeZone ?? firm.timeZone ?? 'UTC';

  const foldedContext = (views: ProjectionViews, knownAtMs: number): Context => {
    const firm = firmSettingsOf(views.view(firmProjection));
    const source = sourceOf({ clients: views.view(clientsProjection), salespeople: views.view(salespeopleProjection) });
    return { source, firm, zone: zoneOf(firm), knownAt: knownAtMs, freshness: null };
  };

  const documentCache = options.cacheDocuments === true ? emptyDocumentCache() : null;

  const storeContext = async (heads: LiveHeads, mode: CatchUpMode): Promise<Context> => {
    const firm = await storedFirmSettings(readModelStore, heads);
    const stored = storeSource(readModelStore, heads);
    const source = documentCache === null ? stored : cachedSource(stored, heads, documentCache);
    return { source, firm, zone: zoneOf(firm), knownAt: null, freshness: mode === 'never' ? freshnessOf(heads) : null };
  };

  const headsNow = async (mode: CatchUpMode): Promise<LiveHeads> => {
    const heads = await liveHeads(readModelStore);
    if (heads === null && mode === 'never') {
      // Nothing to answer from yet, and the event store is not to be read: like a store not up yet.
      throw new StoreUnavailable('the read models have never been built, or were lost (a Redis flushed, or restarted with nothing saved): run a projector first (rapport project, or runProjector or catchUp in the API), or rapport rebuild, or ask without catchUp never');
    }
    // A catch-up builds every projection before it returns; only a rebuild elsewhere dropping
    // them all at once could leave none.
    if (heads === null) throw new CheckpointConflict(clientsProjection.name, 0, null, 'no-generation');
    // A generation of another version may hold documents of another shape (the clients
    // projection's changed in version 3): never read as this version's. Without a catch-up nothing
    // rebuilds it; after one, another process of that version made it live meanwhile.
    const foreign = foreignVersions(heads);
    if (foreign.length > 0) {
      const remedy = mode === 'never' ? 'run rapport project with this version (or ask without catchUp never)' : 'a projector of that version is writing to this store';
      throw new StoreUnavailable(`the read models were built by another version of Rapport: ${foreign.join(', ')}; ${remedy}`);
    }
    return heads;
  };

  /**
   * Answers from the live read models brought to the end of the log, streamed from the store; or,
   * for knownAt, from a fold of what was recorded by then. A knownAt date is read in the option's
   * zone, else in the firm's calendar as it was recorded (known-at.ts): never in today's zone, as
   * the report then runs in the zone known at the instant found. The store is read page by page,
   * so a projector (another process) may commit meanwhile: an answer counts only if the read models
   * did not move while it was read, else it is computed again.
   */
  const answer = async <R>(request: KnownAtOption, compute: (context: Context) => Promise<R>): Promise<R> => {
    const mode = catchUpMode(request.catchUp ?? options.catchUp);
    if (mode === 'never' && request.knownAt !== undefined) {
      throw new InvalidReportInput('catchUp', 'catchUp: never answers from the read models alone, and knownAt folds the log from the event store; give one of the two');
    }
    if (mode === 'auto') await runner.catchUp();
    for (let attempt = 1; ; attempt++) {
      try {
        const heads = await headsNow(mode);
        if (request.knownAt !== undefined) return await compute(await knownAtContext(request.knownAt));
        const live = await storeContext(heads, mode);
        const result = await compute(live);
        if (sameHeads(heads, await liveHeads(readModelStore))) return result;
      } catch (error) {
        // A generation dropped by a rebuild while it was read.
        if (!(error instanceof CheckpointConflict)) throw error;
      }
      if (attempt >= READ_ATTEMPTS) throw keptMoving('the read models');
      await pauseBeforeReadingAgain(attempt);
    }
  };

  const knownAtContext = async (input: InstantInput): Promise<Context> => {
    const t =
      options.timeZone === undefined && isKnownAtDate(input)
        ? knownAtOfDate(input, await recordedZones(eventStore))
        : instantOf('knownAt', input, options.timeZone ?? 'UTC');
    // A caller often asks twice for one instant (a report, then the zone it was read in): fold once.
    if (lastKnown?.t !== t || lastKnown.checkpoints !== checkpointsOf()) {
      lastKnown = { t, checkpoints: checkpointsOf(), context: foldedContext(await foldAll(REPORT_PROJECTIONS, eventStore.readAll(), knownAt(t)), t) };
    }
    return lastKnown.context;
  };
  let lastKnown: { readonly t: number; readonly checkpoints: string; readonly context: Context } | undefined;
  /** Where the live read models stand: a known-at fold is reused only while the log has not grown. */
  const checkpointsOf = (): string =>
    PROJECTION_NAMES.map((name) => {
      const checkpoint = runner.checkpoint(name);
      return checkpoint === null ? '-' : `${String(checkpoint.commit)}/${String(checkpoint.prepare)}`;
    }).join(',');

  /**
   * Where the event `at` names is parked: one event, named by its position or, where several
   * share that (one commit of several events), by its exact `logPosition`.
   */
  const parkedNamed = async (at: ParkedAt): Promise<ParkedEvent[]> => {
    const wellFormed = typeof at === 'number' ? Number.isSafeInteger(at) && at >= 0 : typeof at === 'string' && /^\d+\/\d+$/.test(at);
    if (!wellFormed) throw new InvalidReportInput('position', `position must be an event's position or its exact logPosition (commit/prepare), as rapport parked lists them, got ${showValue(at)}`);
    const named = (await listParked(readModelStore, PROJECTION_NAMES)).filter((p) => isParkedAt(p, at));
    if (named.length === 0) throw new InvalidReportInput('position', `position: no event is parked at position ${at}; rapport parked lists them`);
    const events = [...new Set(named.map((p) => p.logPosition))];
    if (events.length > 1) throw new InvalidReportInput('position', `position ${at} names ${events.length} parked events of one commit (${events.join(', ')}): give one by its logPosition`);
    return named;
  };

  const asOfOr = (input: InstantInput | undefined, zone: string): number =>
    input === undefined ? clock().getTime() : instantOf('asOf', input, zone);

  const executeUntyped = async (input: unknown) => commandResultOf(await executor.execute(withCommandId(input)));
  const executeBatchUntyped = async (inputs: readonly unknown[]) => {
    if (!Array.isArray(inputs)) throw new TypeError(`executeBatch takes an array of commands, got ${inputs === null ? 'null' : typeof inputs}`);
    return (await executor.executeBatch(inputs.map(withCommandId))).map(commandResultOf);
  };

  return {
    execute: executeUntyped,
    executeUntyped,
    executeBatch: executeBatchUntyped,
    executeBatchUntyped,
    waitFor: async (position) => {
      if (typeof position === 'number' && !(Number.isSafeInteger(position) && position >= 0)) {
        throw new InvalidReportInput('position', `position must be a whole number ≥ 0, a position as results and reports show it, got ${showValue(position)}`);
      }
      const target = typeof position === 'number' ? sequencePosition(position) : position;
      // A number is the position people see (the commit part), which every event of one
      // transaction shares on some stores (PostgreSQL, EventStoreDB): reached once a checkpoint
      // is in or past that commit, as a catch-up reads a visible transaction whole.
      const reachedBy = (checkpoint: LogPosition): boolean =>
        typeof position === 'number' ? checkpoint.commit >= target.commit : comparePositions(checkpoint, target) >= 0;
      const reached = () =>
        PROJECTION_NAMES.every((name) => {
          const checkpoint = runner.checkpoint(name);
          return checkpoint !== null && reachedBy(checkpoint);
        });
      // The event is in the log once its append returned, so one catch-up normally suffices; the
      // loop covers a store whose readAll lags its appends (EventStoreDB followers).
      for (let attempt = 0; attempt < 50; attempt++) {
        await runner.catchUp();
        if (reached()) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error(`read models did not reach position ${String(target.commit)} in time`);
    },
    catchUp: (catchUpOptions) => runner.catchUp(catchUpOptions),
    rebuild: (names, rebuildOptions) => runner.rebuild(names, rebuildOptions),
    firmSettings: (request = {}) => answer(request, async (c) => c.firm),
    timeZone: (request = {}) => answer(request, async (c) => c.zone),
    lastOccurredAt: (request = {}) =>
      answer(request, async (c) => {
        const meta = await c.source.meta();
        return meta === undefined ? null : new Date(meta.lastOccurredAt).toISOString();
      }),
    lifecycle: (request = {}) => answer(request, async (c) => stamped(await lifecycleReport(c.source, asOfOr(request.asOf, c.zone)), c)),
    attrition: (request) => answer(request, async (c) => stamped(await attritionReport(c.source, periodOf(request.period, c.zone)), c)),
    kpis: (request) => answer(request, async (c) => stamped(await kpiReport(c.source, periodOf(request.period, c.zone), c.zone), c)),
    winback: (request = {}) =>
      answer(request, async (c) => {
        const limit = countOf('limit', request.limit, 0);
        const report = await winbackReport(c.source, asOfOr(request.asOf, c.zone), { all: request.all === true, ...(limit === undefined ? {} : { limit }) });
        return stamped(report, c);
      }),
    segments: (request = {}) =>
      answer(request, async (c) => {
        const keyAccountThreshold = countOf('keyAccountThreshold', request.keyAccountThreshold, 0) ?? c.firm.keyAccountThreshold ?? DEFAULT_KEY_ACCOUNT_THRESHOLD;
        return stamped(await segmentsReport(c.source, asOfOr(request.asOf, c.zone), { keyAccountThreshold }), c);
      }),
    cohorts: async (request = {}) => {
      const from = monthOf('from', request.from);
      const to = monthOf('to', request.to);
      const range = { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
      return answer(request, async (c) => stamped(await cohortReport(c.source, { zone: c.zone, ...range }), c));
    },
    complaints: async (request) => {
      const overdueDays = countOf('overdueDays', request.overdueDays, 0) ?? DEFAULT_OVERDUE_DAYS;
      return answer(request, async (c) => stamped(await complaintsReport(c.source, periodOf(request.period, c.zone), { overdueDays }), c));
    },
    history: async (clientId, request = {}) => {
      // An id no command accepts is a bad input, as the CLI's CLIENT is, not an unknown client.
      if (!Id.is(clientId)) throw new InvalidReportInput('clientId', `clientId must be ${Id.name}, got ${showValue(clientId)}`);
      const c = await answer(request, async (context) => context);
      const asOf = asOfOr(request.asOf, c.zone);
      if (catchUpMode(request.catchUp ?? options.catchUp) === 'never') {
        const { events, freshness } = await storedHistory(readModelStore, clientId);
        if (events.length === 0) throw new ReportError('ClientNotFound', `client ${clientId} is not registered (as far as the read models have got)`);
        const report = clientHistoryReport(clientId, events, asOf);
        if (isLeft(report)) throw new ReportError(report.left.code, report.left.message);
        return stamped(report.right, { knownAt: null, freshness });
      }
      const all = await eventStore.readStream(clientStream(clientId));
      const events = c.knownAt === null ? all : all.filter(knownAt(c.knownAt));
      if (events.length === 0) {
        const why = all.length === 0 ? `client ${clientId} is not registered` : `client ${clientId} was not yet recorded at the known-at instant`;
        throw new ReportError('ClientNotFound', why);
      }
      const report = clientHistoryReport(clientId, events, asOf);
      if (isLeft(report)) throw new ReportError(report.left.code, report.left.message);
      return stamped(report.right, c);
    },
    parked: async (request = {}) => {
      if (catchUpMode(request.catchUp ?? options.catchUp) === 'auto') await runner.catchUp();
      return listParked(readModelStore, PROJECTION_NAMES);
    },
    retryParked: async (position) => {
      const parkedBy = (await parkedNamed(position)).map((p) => p.projection);
      await runner.rebuild(parkedBy);
      return (await listParked(readModelStore, parkedBy)).filter((p) => isParkedAt(p, position)).map((p) => p.projection);
    },
    skipParked: async (position) => {
      await parkedNamed(position);
      const skipped = await skipParked(readModelStore, PROJECTION_NAMES, position);
      if (skipped.length === 0) throw new InvalidReportInput('position', `position: no event is parked at position ${position}; rapport parked lists them`);
      return skipped;
    },
    status: () => projectionStatus(readModelStore, catchUpMode(options.catchUp) === 'never' ? null : eventStore, PROJECTION_NAMES, clock().getTime()),
    close: async () => {
      await readModelStore.close();
      await eventStore.close();
    },
  };
};
