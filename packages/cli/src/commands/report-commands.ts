// The report commands that answer with one report's JSON (SPEC §4): listed once, for the command
// table and for the dashboard's JSON API, which serves exactly these.
import type { CliCommand } from './command.js';
import { reportAttritionCommand } from './report-attrition.js';
import { reportCohortsCommand } from './report-cohorts.js';
import { reportComplaintsCommand } from './report-complaints.js';
import { reportKpisCommand } from './report-kpis.js';
import { reportLifecycleCommand } from './report-lifecycle.js';
import { reportSegmentsCommand } from './report-segments.js';
import { reportWinbackCommand } from './report-winback.js';

export const REPORT_COMMANDS: readonly CliCommand[] = [
  reportLifecycleCommand,
  reportAttritionCommand,
  reportKpisCommand,
  reportWinbackCommand,
  reportSegmentsCommand,
  reportCohortsCommand,
  reportComplaintsCommand,
];
