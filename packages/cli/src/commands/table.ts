// Every command the CLI knows. To add one, write a module next to apply.ts that exports a
// `defineCommand({...})` and list it here; parsing, help and exit codes come with the table.
import { applyCommand } from './apply.js';
import { backupCommand } from './backup.js';
import type { CliCommand } from './command.js';
import { demoCommand } from './demo.js';
import { exportCommand } from './export.js';
import { firmCommand } from './firm.js';
import { historyCommand } from './history.js';
import { importCommand } from './import.js';
import { parkedCommand, parkedRetryCommand, parkedSkipCommand } from './parked.js';
import { projectCommand } from './project.js';
import { rebuildCommand } from './rebuild.js';
import { reportAttritionCommand } from './report-attrition.js';
import { reportCohortsCommand } from './report-cohorts.js';
import { reportComplaintsCommand } from './report-complaints.js';
import { reportHtmlCommand } from './report-html.js';
import { reportKpisCommand } from './report-kpis.js';
import { reportLifecycleCommand } from './report-lifecycle.js';
import { reportSegmentsCommand } from './report-segments.js';
import { reportWinbackCommand } from './report-winback.js';
import { serveCommand } from './serve.js';
import { statusCommand } from './status.js';
import { verifyCommand } from './verify.js';

export const COMMANDS: readonly CliCommand[] = [
  demoCommand,
  applyCommand,
  reportLifecycleCommand,
  reportAttritionCommand,
  reportKpisCommand,
  reportWinbackCommand,
  reportSegmentsCommand,
  reportCohortsCommand,
  reportComplaintsCommand,
  reportHtmlCommand,
  serveCommand,
  historyCommand,
  firmCommand,
  rebuildCommand,
  projectCommand,
  statusCommand,
  parkedCommand,
  parkedRetryCommand,
  parkedSkipCommand,
  verifyCommand,
  exportCommand,
  importCommand,
  backupCommand,
];
