// The CLI as a library: the shell, the command table and the output formats, for embedding and tests.
export { run } from './run.js';
export { COMMANDS } from './commands/table.js';
export { defineCommand, type CliCommand, type CommandContext, type CommandDefinition } from './commands/command.js';
export { GLOBAL_OPTIONS, resolveGlobalOptions, type GlobalOptions } from './config/global-options.js';
export type { OptionSpec, OptionSpecs, OptionValues } from './config/options.js';
export {
  DEFAULT_STORE,
  defaultReadModels,
  describeLocation,
  parseReadModelUrl,
  parseStoreUrl,
  redactUrl,
  type ReadModelLocation,
  type StoreLocation,
} from './config/store-url.js';
export { parseTimeZone, DEFAULT_TIME_ZONE } from './config/time-zone.js';
export { EXIT, UsageError, type ExitCode } from './exit-codes.js';
export { processIo, type CliIo } from './io.js';
export { openEventStore, withEventStore } from './store/open.js';
export { withRapport, type OpenedRapport } from './store/open-rapport.js';
export * from './output/index.js';
export { readLines, type SourceLine } from './apply/lines.js';
export { applyLines } from './apply/apply-lines.js';
export type { ApplySummary, Rejection } from './apply/summary.js';
export { buildReportPage, gatherReportPage, renderReportPage, type BuildReportPageOptions, type ReportPageData, type ReportPageOptions } from './html/index.js';
