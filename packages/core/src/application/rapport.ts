// The library's entry point for embedding developers: one object over an event store and a
// read-model store that executes commands, waits for its own writes to reach the read models, and
// runs every report of SPEC §4 returning the same objects the CLI prints as JSON.
import { left, type Either } from 'fp-ts/Either';
import { clientStream } from '../domain/streams.js';
import { comparePositions, type LogPosition } from '../domain/envelope.js';
import { createCommandExecutor } from './execute.js';
import { domainError, type DomainError } from '../domain/errors.js';
import { isValidZone } from '../domain/time/zone.js';
import { type EventStore } from '../ports/event-store.js';
import { type ExecutionResult } from './result.js';
import { type Period } from '../domain/time/period.js';
import { attritionReport, type AttritionReport } from '../reports/attrition/query.js';
import { clientsProjection } from '../projections/clients/projection.js';
import { cohortReport, type CohortReport } from '../reports/cohorts/query.js';
import { clientHistoryReport, type ClientHistoryReport } from '../reports/history/query.js';
import { kpiReport, type KpiReport } from '../reports/kpis/query.js';
import { lifecycleReport, type LifecycleReport } from '../reports/lifecycle/query.js';
import type { ReadModelStore } from '../ports/read-model-store.js';
import type { ReportViews } from '../reports/report-views.js';
import { foldAll, knownAt, type ProjectionViews } from '../projections/runner/fold.js';
import { createProjectionRunner, type RebuildOptions } from '../projections/runner/runner.js';
import { salespeopleProjection } from '../projections/salespeople/projection.js';
import { segmentsReport, type SegmentsReport } from '../reports/segments/query.js';
import { winbackReport, type WinbackReport } from '../reports/winback/query.js';
import { InvalidReportInput, countOf, instantOf, monthOf, periodOf, type InstantInput } from './inputs.js';

export const PROJECTIONS = [clientsProjection, salespeopleProjection] as const;
export const PROJECTION_NAMES = PROJECTIONS.map((p) => p.name);

export interface RapportOptions {
  readonly eventStore: EventStore;
  readonly readModelStore: ReadModelStore;
  /** The one clock: default occurredAt of commands and default as-of of reports. */
  readonly clock?: () => Date;
  /** Gives commands that come without a commandId one, so retries of them are idempotent too. */
  readonly commandIds?: () => string;
  /** The firm's IANA time zone for periods, plan months, cohorts and as-of dates (default UTC). */
  readonly timeZone?: string;
}

/** Every report may be asked as the firm knew it at a past instant (recordedAt ≤ knownAt). */
interface KnownAt {
  readonly knownAt?: InstantInput;
}

export interface Rapport {
  /** Executes one command; occurredAt defaults to the clock. Never throws for a rejected command. */
  execute(command: unknown): Promise<ExecutionResult>;
  /** Executes commands in order with one-at-a-time semantics, committing them together where the store can. */
  executeBatch(commands: readonly unknown[]): Promise<ExecutionResult[]>;
  /** Read-your-writes: resolves once every projection has folded the event at `position`. */
  waitFor(position: LogPosition): Promise<void>;
  /** Brings every projection up to the end of the log. */
  catchUp(options?: RebuildOptions): Promise<void>;
  /** Rebuilds projections (all when no names) into new generations; queries keep working meanwhile. */
  rebuild(names?: readonly string[], options?: RebuildOptions): Promise<void>;
  lifecycle(options?: { readonly asOf?: InstantInput } & KnownAt): Promise<LifecycleReport>;
  attrition(options: { readonly period: string | Period } & KnownAt): Promise<AttritionReport>;
  kpis(options: { readonly period: string | Period } & KnownAt): Promise<KpiReport>;
  winback(options?: { readonly asOf?: InstantInput; readonly all?: boolean; readonly limit?: number } & KnownAt): Promise<WinbackReport>;
  segments(options?: { readonly asOf?: InstantInput; readonly keyAccountThreshold?: number } & KnownAt): Promise<SegmentsReport>;
  cohorts(options?: { readonly from?: string; readonly to?: string } & KnownAt): Promise<CohortReport>;
  /** A client's full trail and its state at asOf; Left(ClientNotFound) for an unknown client. */
  history(clientId: string, options?: { readonly asOf?: InstantInput } & KnownAt): Promise<Either<DomainError, ClientHistoryReport>>;
  /** Closes both stores. */
  close(): Promise<void>;
}

export const createRapport = (options: RapportOptions): Rapport => {
  const { eventStore, readModelStore } = options;
  const clock = options.clock ?? (() => new Date());
  const zone = options.timeZone ?? 'UTC';
  if (!isValidZone(zone)) throw new InvalidReportInput('timeZone', `unknown time zone "${zone}": expected an IANA name such as Asia/Shanghai`);
  const executor = createCommandExecutor({ store: eventStore, clock, occurredAt: 'default-to-clock' });
  const runner = createProjectionRunner({ eventStore, readModelStore, projections: PROJECTIONS });

  const withCommandId = (command: unknown): unknown => {
    const { commandIds } = options;
    if (commandIds === undefined || typeof command !== 'object' || command === null || Array.isArray(command)) return command;
    const given = (command as { commandId?: unknown }).commandId;
    return given === undefined || given === null ? { ...command, commandId: commandIds() } : command;
  };

  const reportViews = (views: ProjectionViews): ReportViews => ({
    clients: views.view(clientsProjection),
    salespeople: views.view(salespeopleProjection),
  });

  /** The live read models brought to the end of the log, or, for knownAt, a fold of what was recorded by then. */
  const viewsFor = async (request: KnownAt): Promise<ReportViews> => {
    if (request.knownAt !== undefined) {
      const t = instantOf('knownAt', request.knownAt, zone);
      return reportViews(await foldAll(PROJECTIONS, eventStore.readAll(), knownAt(t)));
    }
    await runner.catchUp();
    return reportViews(runner);
  };

  const asOfOr = (input: InstantInput | undefined): number => (input === undefined ? clock().getTime() : instantOf('asOf', input, zone));

  return {
    execute: (command) => executor.execute(withCommandId(command)),
    executeBatch: (commands) => executor.executeBatch(commands.map(withCommandId)),
    waitFor: async (position) => {
      const reached = () =>
        PROJECTION_NAMES.every((name) => {
          const checkpoint = runner.checkpoint(name);
          return checkpoint !== null && comparePositions(checkpoint, position) >= 0;
        });
      // The event is in the log once its append returned, so one catch-up normally suffices; the
      // loop covers a store whose readAll lags its appends (EventStoreDB followers).
      for (let attempt = 0; attempt < 50; attempt++) {
        await runner.catchUp();
        if (reached()) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error(`read models did not reach position ${position.commit} in time`);
    },
    catchUp: (catchUpOptions) => runner.catchUp(catchUpOptions),
    rebuild: (names, rebuildOptions) => runner.rebuild(names, rebuildOptions),
    lifecycle: async (request = {}) => {
      const asOf = asOfOr(request.asOf);
      return lifecycleReport(await viewsFor(request), asOf);
    },
    attrition: async (request) => {
      const period = periodOf(request.period, zone);
      return attritionReport(await viewsFor(request), period);
    },
    kpis: async (request) => {
      const period = periodOf(request.period, zone);
      return kpiReport(await viewsFor(request), period, zone);
    },
    winback: async (request = {}) => {
      const asOf = asOfOr(request.asOf);
      const limit = countOf('limit', request.limit, 0);
      return winbackReport(await viewsFor(request), asOf, { all: request.all === true, ...(limit === undefined ? {} : { limit }) });
    },
    segments: async (request = {}) => {
      const asOf = asOfOr(request.asOf);
      const keyAccountThreshold = countOf('keyAccountThreshold', request.keyAccountThreshold, 0);
      return segmentsReport(await viewsFor(request), asOf, keyAccountThreshold === undefined ? {} : { keyAccountThreshold });
    },
    cohorts: async (request = {}) => {
      const from = monthOf('from', request.from);
      const to = monthOf('to', request.to);
      return cohortReport(await viewsFor(request), { zone, ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) });
    },
    history: async (clientId, request = {}) => {
      const asOf = asOfOr(request.asOf);
      const events = await eventStore.readStream(clientStream(clientId));
      if (request.knownAt === undefined) return clientHistoryReport(clientId, events, asOf);
      const known = events.filter(knownAt(instantOf('knownAt', request.knownAt, zone)));
      if (known.length === 0 && events.length > 0) {
        return left(domainError('ClientNotFound', `client ${clientId} was not yet recorded at the known-at instant`, 'clientId'));
      }
      return clientHistoryReport(clientId, known, asOf);
    },
    close: async () => {
      await readModelStore.close();
      await eventStore.close();
    },
  };
};
