// Cohort retention (SPEC §4.6): of the clients acquired in a month, the share active at the end of
// each following month, up to the month of the log's greatest occurredAt.
import { localMonth, monthStart, nextMonth } from '../../domain/time/calendar.js';
import { META_KEY, type ClientDoc } from '../../projections/clients/documents.js';
import { acquiredAt } from '../../projections/clients/timeline.js';
import type { ReportViews } from '../report-views.js';

export interface CohortRow {
  readonly cohort: string;
  readonly size: number;
  /** Cell k: share of the cohort active in before(start of month cohort + k + 1). */
  readonly retention: readonly number[];
}

export interface CohortReport {
  readonly cohorts: readonly CohortRow[];
}

export interface CohortOptions {
  /** First cohort month shown, 'YYYY-MM', inclusive. */
  readonly from?: string;
  /** Last cohort month shown, 'YYYY-MM', inclusive. */
  readonly to?: string;
  readonly zone: string;
}

/** How many clients are active at each boundary from `first` on; one walk through the stages. */
const countActive = (doc: ClientDoc, boundaries: readonly number[], first: number, counts: number[]): void => {
  const { stages } = doc;
  let j = 0;
  for (let i = first; i < boundaries.length; i++) {
    const boundary = boundaries[i]!;
    while (j < stages.length && stages[j]!.at < boundary) j++;
    if (j > 0 && stages[j - 1]!.stage === 'engaged') counts[i - first]!++;
  }
};

export const cohortReport = (views: Pick<ReportViews, 'clients'>, { from, to, zone }: CohortOptions): CohortReport => {
  const meta = views.clients.meta.get(META_KEY);
  if (meta === undefined) return { cohorts: [] };
  const lastMonth = localMonth(meta.lastOccurredAt, zone);

  const members = new Map<string, ClientDoc[]>();
  for (const doc of views.clients.clients.values()) {
    const at = acquiredAt(doc);
    if (at === undefined) continue;
    const cohort = localMonth(at, zone);
    if ((from !== undefined && cohort < from) || (to !== undefined && cohort > to) || cohort > lastMonth) continue;
    const list = members.get(cohort);
    if (list === undefined) members.set(cohort, [doc]);
    else list.push(doc);
  }
  const cohorts = [...members.keys()].sort();
  const firstCohort = cohorts[0];
  if (firstCohort === undefined) return { cohorts: [] };

  // Month boundaries once per query: the end of month i is the start of the month after it.
  const months: string[] = [];
  for (let m = firstCohort; m <= lastMonth; m = nextMonth(m)) months.push(m);
  const boundaries = months.map((m) => monthStart(nextMonth(m), zone));
  const indexOf = new Map(months.map((m, i) => [m, i]));

  return {
    cohorts: cohorts.map((cohort): CohortRow => {
      const docs = members.get(cohort)!;
      const first = indexOf.get(cohort)!;
      const counts = new Array<number>(months.length - first).fill(0);
      for (const doc of docs) countActive(doc, boundaries, first, counts);
      return { cohort, size: docs.length, retention: counts.map((n) => n / docs.length) };
    }),
  };
};
