// The JSON the CLI prints for each report (SPEC §4, §5), named as the page reads it: the library's
// own report types, so the page and the reports cannot drift apart.
import type {
  AttritionFigures, AttritionReport, CohortReport, ComplaintsReport, Known, KpiReport, KpiRow, LifecycleReport,
  SegmentRow, SegmentsReport, WinbackRow, WinbackReport,
} from '@rapport/core';

export type { ChurnReason, ComplaintCategory, PeriodJson, Severity as ComplaintSeverity, Stage, WinbackAction } from '@rapport/core';

export type AttritionFiguresJson = AttritionFigures;
export type AttritionJson = Known<AttritionReport>;
export type SalespersonKpisJson = KpiRow;
export type KpisJson = Known<KpiReport>;
export type ComplaintsJson = Known<ComplaintsReport>;
export type LifecycleJson = Known<LifecycleReport>;
export type WinbackClientJson = WinbackRow;
export type WinbackJson = Known<WinbackReport>;
export type SegmentClientJson = SegmentRow;
export type SegmentsJson = Known<SegmentsReport>;
export type CohortsJson = Known<CohortReport>;
