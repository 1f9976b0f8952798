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
import { REPORT_COMMANDS } from './report-commands.js';
import { reportHtmlCommand } from './report-html.js';
import { serveCommand } from './serve.js';
import { statusCommand } from './status.js';
import { verifyCommand } from './verify.js';

export const COMMANDS: readonly CliCommand[] = [
  demoCommand,
  applyCommand,
  ...REPORT_COMMANDS,
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
