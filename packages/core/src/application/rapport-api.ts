// What an embedding developer programs against: the options createRapport takes and the object it
// returns (rapport.ts builds it), with the types its reports come back in.
import type { Command } from '../domain/commands.js';
import type { LogPosition } from '../domain/envelope.js';
import type { FirmSettings } from '../domain/firm/state.js';
import type { Period } from '../domain/time/period.js';
import type { EventStore } from '../ports/event-store.js';
import type { ReadModelStore } from '../ports/read-model-store.js';
import type { ParkedAt, ParkedEvent } from '../projections/runner/parked.js';
import type { RebuildOptions, StaleReadModel } from '../projections/runner/runner.js';
import type { AttritionReport } from '../reports/attrition/query.js';
import type { CohortReport } from '../reports/cohorts/query.js';
import type { ComplaintsReport } from '../reports/complaints/query.js';
import type { ClientHistoryReport } from '../reports/history/query.js';
import type { KpiReport } from '../reports/kpis/query.js';
import type { LifecycleReport } from '../reports/lifecycle/query.js';
import type { SegmentsReport } from '../reports/segments/query.js';
import type { WinbackReport } from '../reports/winback/query.js';
import type { CommandResult } from './command-result.js';
import type { InstantInput } from './inputs.js';
import type { ProjectionStatus } from './projector-status.js';

export interface RapportOptions {
  readonly eventStore: EventStore;
  readonly readModelStore: ReadModelStore;
  /** The one clock: recordedAt of appends made here, default occurredAt of commands, default as-of of reports. */
  readonly clock?: () => Date;
  /** Gives commands that come without a commandId one, so retries of them are idempotent too. */
  readonly commandIds?: () => string;
  /**
   * The time zone for periods, plan months, cohorts and as-of dates. When absent, the firm's
   * settings (ConfigureFirm) decide, and UTC when the firm never set one (SPEC §4).
   */
  readonly timeZone?: string;
  /**
   * Told when stored read models are not of this log (built from a log since replaced or cut below
   * their checkpoint, or with no record of their origin; from another event store only with
   * foreignReadModels: 'rebuild'): they are rebuilt from this log, never used.
   */
  readonly onStale?: (notice: StaleReadModel) => void;
  /**
   * Read models built from another event store: `refuse` (default) fails every call that would
   * catch them up with ForeignReadModels; `rebuild` rebuilds them from this log (for a process that
   * owns them, such as a demo that just started its store over). `rebuild()` always replaces them.
   */
  readonly foreignReadModels?: 'refuse' | 'rebuild';
  /**
   * Keep the parsed documents reports read in memory while the read models do not move (default
   * false): a long-lived process answering many reports then reads each collection once per
   * checkpoint instead of once per report, at the cost of holding it in memory.
   */
  readonly cacheDocuments?: boolean;
  /** Whether reports catch up first (default `auto`); each call may say otherwise (see CatchUpMode). */
  readonly catchUp?: CatchUpMode;
}

/** `T` with null allowed in each optional field: SPEC §1 counts an optional field given as null as absent. */
type NullableOptionals<T> = { [K in keyof T]: object extends Pick<T, K> ? T[K] | null : T[K] };
type EachNullableOptionals<C> = C extends unknown ? NullableOptionals<C> : never;

/** SPEC §2: a ConfigureFirm names at least one of its two settings (its codec has both optional). */
type AtLeastOneSetting<C> = C extends { readonly type: 'ConfigureFirm' } ? (C & { readonly timeZone: string }) | (C & { readonly keyAccountThreshold: number }) : C;

/**
 * A command as a typed caller writes it: a misspelt field is a compile error, and so is a
 * ConfigureFirm with neither setting; an optional field may be null (a database row's NULL),
 * which counts as absent.
 */
export type CommandInput = EachNullableOptionals<AtLeastOneSetting<Command>>;

/**
 * `auto` (the default): a report first brings the read models to the end of the log. `never`: it
 * answers from the read models as they stand, never opening the event store (a reader beside a
 * projector), and says how far behind they are (`checkpoint`, `lag`).
 */
export type CatchUpMode = 'auto' | 'never';

/** Every report may be asked as the firm knew it at a past instant (recordedAt ≤ knownAt). */
export interface KnownAtOption {
  readonly catchUp?: CatchUpMode;
  readonly knownAt?: InstantInput;
}

/** Every report's JSON carries the --known-at instant it was computed for, or null (SPEC §4). */
export type Known<R> = R & { readonly knownAt: string | null } & Partial<Freshness>;

/**
 * How far the read models a `catchUp: 'never'` answer came from had got (keys SPEC does not name;
 * present only then): the position of the last event they folded (null: none), and the events the
 * projector knew were still to fold when it wrote it (0: it had reached the end of the log; null:
 * unknown, it stopped short of it).
 */
export interface Freshness {
  readonly checkpoint: number | null;
  readonly lag: number | null;
}

export interface Rapport {
  /** Executes one typed command; occurredAt defaults to the clock. Never throws for a rejected command. */
  execute(command: CommandInput): Promise<CommandResult>;
  /** The same for input nobody has typed yet (a file line, an HTTP body): every field is checked. */
  executeUntyped(input: unknown): Promise<CommandResult>;
  /** Executes commands in order with one-at-a-time semantics, committing them together where the store can. */
  executeBatch(commands: readonly CommandInput[]): Promise<CommandResult[]>;
  executeBatchUntyped(inputs: readonly unknown[]): Promise<CommandResult[]>;
  /** Read-your-writes: resolves once every projection has folded the event at `position`. */
  waitFor(position: number | LogPosition): Promise<void>;
  /** Brings every projection up to the end of the log. */
  catchUp(options?: RebuildOptions): Promise<void>;
  /**
   * Rebuilds projections (all when no names) into new generations; queries keep working meanwhile.
   * An unknown name is a RangeError naming the known ones, before anything is read.
   */
  rebuild(names?: readonly string[], options?: RebuildOptions): Promise<void>;
  /** The firm's settings as the log has them (null where never set). */
  firmSettings(options?: KnownAtOption): Promise<FirmSettings>;
  /** The zone reports use: the timeZone option, else the firm's setting, else UTC. */
  timeZone(options?: KnownAtOption): Promise<string>;
  /** The greatest occurredAt in the log (toISOString form), null for an empty log: where "now" is in the firm's story. */
  lastOccurredAt(options?: KnownAtOption): Promise<string | null>;
  lifecycle(options?: { readonly asOf?: InstantInput } & KnownAtOption): Promise<Known<LifecycleReport>>;
  attrition(options: { readonly period: string | Period } & KnownAtOption): Promise<Known<AttritionReport>>;
  kpis(options: { readonly period: string | Period } & KnownAtOption): Promise<Known<KpiReport>>;
  winback(options?: { readonly asOf?: InstantInput; readonly all?: boolean; readonly limit?: number } & KnownAtOption): Promise<Known<WinbackReport>>;
  segments(options?: { readonly asOf?: InstantInput; readonly keyAccountThreshold?: number } & KnownAtOption): Promise<Known<SegmentsReport>>;
  cohorts(options?: { readonly from?: string; readonly to?: string } & KnownAtOption): Promise<Known<CohortReport>>;
  /** §4.8; open complaints filed `overdueDays` (default 7) or more days before the end of P are overdue. */
  complaints(options: { readonly period: string | Period; readonly overdueDays?: number } & KnownAtOption): Promise<Known<ComplaintsReport>>;
  /** A client's full trail and its state at asOf; throws ReportError(ClientNotFound) for an unknown client. */
  history(clientId: string, options?: { readonly asOf?: InstantInput } & KnownAtOption): Promise<Known<ClientHistoryReport>>;
  /** Events parked by the projections (SPEC-silent, issue 10.4), in log order; with catchUp auto, after catching up. */
  parked(options?: { readonly catchUp?: CatchUpMode }): Promise<ParkedEvent[]>;
  /**
   * Rebuilds the projections that parked the event at `position` (or, where several events of one
   * commit share it, at its `logPosition`); the ones that park it still.
   */
  retryParked(position: ParkedAt): Promise<string[]>;
  /** Accepts the loss of the event at `position` (or `logPosition`): listed no more. The projections it was parked in. */
  skipParked(position: ParkedAt): Promise<string[]>;
  /** Per projection: generation, version, checkpoint, lag, lease holder and heartbeat, parked count. */
  status(): Promise<ProjectionStatus[]>;
  /** Closes both stores. */
  close(): Promise<void>;
}
