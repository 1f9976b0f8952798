// What the page is drawn from: the reports as the CLI prints them, plus how to label them.
import type { AttritionJson, CohortsJson, ComplaintsJson, KpisJson, LifecycleJson, SegmentsJson, WinbackJson } from './report-json.js';

export interface ReportPageData {
  /** `rapport report attrition --period P --format json` */
  readonly attrition: AttritionJson;
  /** `rapport report kpis --period P` */
  readonly kpis: KpisJson;
  /** `rapport report complaints --period P` (SPEC §4.8) */
  readonly complaints: ComplaintsJson;
  /** `rapport report lifecycle --as-of T` */
  readonly lifecycle: LifecycleJson;
  /** `rapport report winback --as-of T` (the default list) */
  readonly winback: WinbackJson;
  /** `rapport report segments --as-of T` */
  readonly segments: SegmentsJson;
  /** `rapport report cohorts` */
  readonly cohorts: CohortsJson;
  /** The 12 monthly attrition reports ending with T's month, oldest first. */
  readonly attritionByMonth: readonly AttritionJson[];
}

export interface ReportPageOptions {
  readonly title: string;
  /** IANA zone the instants are shown in (the zone the reports were computed in). */
  readonly timeZone: string;
  readonly period: string;
  /** T as the page shows it: a date, or an instant in the firm's zone. */
  readonly asOf: string;
  /** T as the picker sends it back (the text asked for); default `asOf`. */
  readonly asOfInput?: string;
  /** An instant; shown in the header when given. The renderer never reads the clock itself. */
  readonly generatedAt?: string;
  /** When set, the page shows a period/as-of picker form (GET with ?period=…&asOf=…) for a live dashboard. */
  readonly picker?: { readonly action: string };
}
