// @rapport/core: the domain (codecs, deciders, errors, time), the ports, the application layer
// (command handling and createRapport), the projections, the reports, the integrity tools and the
// in-memory stores. Server and embedded stores live in their own packages (@rapport/sqlite, …).
export * from './domain/primitives.js';
export * from './domain/vocabulary.js';
export * from './domain/commands.js';
export * from './domain/events.js';
export * from './domain/errors.js';
export * from './domain/envelope.js';
export * from './domain/streams.js';
export * from './domain/decider.js';
export * from './ports/event-store.js';
export * from './domain/client/state.js';
export { clientDecider } from './domain/client/decider.js';
export * from './domain/salesperson/state.js';
export { salespersonDecider } from './domain/salesperson/decider.js';
export * from './domain/firm/state.js';
export { firmDecider } from './domain/firm/decider.js';
export { stageAfter, isAcquisition } from './domain/client/stage.js';
export { isClientEvent, isFirmEvent, isSalespersonEvent, targetStream } from './domain/stream-kinds.js';
export { firmProjection, firmSettingsOf, FIRM_SETTINGS_KEY, type FirmCollections } from './projections/firm/projection.js';
export { parseCommand } from './domain/parse-command.js';
export type { ExecutionResult } from './application/result.js';
export { createCommandExecutor, type CommandExecutor, type CommandExecutorOptions } from './application/execute.js';
export { foldStream, decodeRecorded, UndecodableEvent, type StreamSnapshot } from './application/snapshot.js';
export { isValidZone } from './domain/time/zone.js';
export { DAY_MS, civilFromDays } from './domain/time/civil.js';
export { localMonth, monthStart, nextMonth, monthsStartingIn } from './domain/time/calendar.js';
export { lastFullQuarter, parsePeriod, parseAsOf, type Period } from './domain/time/period.js';
export * from './projections/projection.js';
export * from './projections/clients/documents.js';
export { clientsProjection, evolveClientDoc } from './projections/clients/projection.js';
export * as clientTimeline from './projections/clients/timeline.js';
export * from './projections/salespeople/documents.js';
export { salespeopleProjection } from './projections/salespeople/projection.js';
export { compareText, sourceOf, type PeriodJson, type ReportSource, type ReportViews } from './reports/report-views.js';
export * from './reports/lifecycle/query.js';
export * from './reports/attrition/query.js';
export * from './reports/kpis/query.js';
export * from './reports/winback/query.js';
export * from './reports/segments/query.js';
export * from './reports/cohorts/query.js';
export * from './reports/complaints/query.js';
export * from './reports/history/query.js';
export * from './ports/read-model-store.js';
export { createProjectionRunner, type ProjectionRunner, type ProjectionRunnerOptions, type CatchUpOptions, type RebuildOptions, type Progress, type StaleReadModel } from './projections/runner/runner.js';
export { PARKED, parkedIn, type ParkedEvent } from './projections/runner/parked.js';
export type { ProjectionStatus } from './application/projector-status.js';
export type { RebuildProgress } from './projections/runner/rebuild-progress.js';
export { runProjector, type ProjectorEvent, type ProjectorOptions } from './projections/runner/projector.js';
export { foldAll, knownAt, ProjectionFailure, type AnyProjection, type ProjectionViews } from './projections/runner/fold.js';
export {
  createRapport, DEFAULT_KEY_ACCOUNT_THRESHOLD, PROJECTIONS, PROJECTION_NAMES,
  type CatchUpMode, type CommandInput, type Freshness, type Known, type KnownAtOption, type Rapport, type RapportOptions,
} from './application/rapport.js';
export { commandResultOf, type AppliedEvent, type CommandResult } from './application/command-result.js';
export { InvalidReportInput, ReportError, type InstantInput } from './application/inputs.js';
export { canonicalJson } from './integrity/canonical-json.js';
export { canonicalEventJson, encodeFields, encodedEventHash, eventHash, hashedFieldsOf, verifyChain, type EncodedFields, type HashedFields } from './integrity/hash.js';
export { createMemoryEventStore, type MemoryEventStoreOptions } from './stores/memory/event-store.js';
export { createMemoryReadModelStore } from './stores/memory/read-models.js';
export { verifyLog, parseDigestClaim, type BrokenEvent, type BrokenReason, type DigestCheck, type DigestClaim, type DigestFailure, type VerifyOptions, type VerifyResult } from './integrity/verify.js';
export { exportLines, exportedEvent, trailerBuilder, type ExportTrailer, type ExportedEvent, type TrailerBuilder } from './integrity/export-format.js';
export { checkExport, exportedEventHash, parseExportLine, type CheckedExport, type InvalidExport, type NumberedLine } from './integrity/import-check.js';
export { importExport, DEFAULT_MAX_EVENTS_PER_TRANSACTION, type ImportConflict, type ImportHashMismatch, type ImportOptions, type ImportRefusal, type ImportSummary } from './integrity/import.js';
