// The HTML management report: one pure function from the reports' JSON to a self-contained page.
export { renderReportPage } from './page.js';
export { buildReportPage, gatherReportPage, DEFAULT_TITLE, type BuildReportPageOptions, type ReportPageInput } from './build.js';
export type { ReportPageData, ReportPageOptions } from './page-input.js';
export type {
  AttritionFiguresJson,
  AttritionJson,
  ChurnReason,
  CohortsJson,
  ComplaintCategory,
  ComplaintSeverity,
  ComplaintsJson,
  KpisJson,
  LifecycleJson,
  PeriodJson,
  SalespersonKpisJson,
  SegmentClientJson,
  SegmentsJson,
  Stage,
  WinbackAction,
  WinbackClientJson,
  WinbackJson,
} from './report-json.js';
