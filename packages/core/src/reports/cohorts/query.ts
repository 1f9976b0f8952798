// Cohort retention (SPEC §4.6): of the clients acquired in a month, the share active at the end of
// each following month, up to the month of the log's greatest occurredAt.
import { localMonthIndex, monthIndex, monthIndexStart, monthLabel } from '../../domain/time/calendar.js';
import type { ClientDoc } from '../../projections/clients/documents.js';
import { acquiredAt, stageCount, stageOf, stageSince } from '../../projections/clients/timeline.js';
import type { ReportSource } from '../report-views.js';

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

/**
 * localMonthIndex for instants that mostly fall in the month just asked about (a client's stage
 * entries are sorted, often weeks apart): it remembers that month's bounds and asks the zone's
 * calendar only for an instant outside them.
 */
const monthReader = (zone: string): ((at: number) => number) => {
  let month = 0;
  let start = 0;
  let end = 0;
  return (at) => {
    if (at >= start && at < end) return month;
    month = localMonthIndex(at, zone);
    start = monthIndexStart(month, zone);
    end = monthIndexStart(month + 1, zone);
    return month;
  };
};

/**
 * Adds one to counts[m − first] for every month m in [first, last] at whose end the client is
 * active. Active at the end of month m means the last stage entry with occurredAt before the next
 * month's start is `engaged`, i.e. the last entry whose local month is m or earlier: so only the
 * months of the client's stage entries are looked up in the zone, never each month's boundary,
 * and a log spanning years 0001 to 9999 costs its cells, not 120,000 zone look-ups per row. An
 * entry before `firstStart` (the start of month `first`) counts as in month `first`, and one at or
 * after `endStart` (the start of month last + 1) as in month last + 1: both leave the counts as
 * their own months would, and need no look-up.
 */
const countActive = (
  doc: ClientDoc,
  first: number,
  last: number,
  bounds: { readonly firstStart: number; readonly endStart: number; readonly monthOf: (at: number) => number },
  counts: number[],
): void => {
  const stages = stageCount(doc);
  let month = first;
  let engaged = false;
  for (let j = 0; j <= stages && month <= last; j++) {
    // Months before this entry's month end in the state the entries before it left.
    let entryMonth = last + 1;
    if (j < stages) {
      const at = stageSince(doc, j);
      entryMonth = at < bounds.firstStart ? first : at >= bounds.endStart ? last + 1 : bounds.monthOf(at);
    }
    if (engaged) for (let m = month; m < Math.min(entryMonth, last + 1); m++) counts[m - first]!++;
    month = Math.max(month, entryMonth);
    if (j < stages) engaged = stageOf(doc, j) === 'engaged';
  }
};

export const cohortReport = async (source: Pick<ReportSource, 'clients' | 'meta'>, { from, to, zone }: CohortOptions): Promise<CohortReport> => {
  const meta = await source.meta();
  if (meta === undefined) return { cohorts: [] };
  // Months as indexes: labels of years past 9999 (a local month of 9999-12-31T23:00Z east of UTC)
  // do not compare as text.
  const lastMonth = localMonthIndex(meta.lastOccurredAt, zone);
  const fromIndex = from === undefined ? -Infinity : monthIndex(from);
  const toIndex = to === undefined ? Infinity : monthIndex(to);

  // Each client is counted into its cohort as it streams past: a cohort keeps counts, not clients.
  const monthOf = monthReader(zone);
  const endStart = monthIndexStart(lastMonth + 1, zone);
  const members = new Map<number, { size: number; readonly counts: number[]; readonly bounds: Parameters<typeof countActive>[3] }>();
  for await (const page of source.clients()) for (const doc of page) {
    const at = acquiredAt(doc);
    if (at === undefined) continue;
    const cohort = monthOf(at);
    if (cohort < fromIndex || cohort > toIndex || cohort > lastMonth) continue;
    let member = members.get(cohort);
    if (member === undefined) {
      const bounds = { firstStart: monthIndexStart(cohort, zone), endStart, monthOf };
      members.set(cohort, (member = { size: 0, counts: new Array<number>(lastMonth - cohort + 1).fill(0), bounds }));
    }
    member.size++;
    countActive(doc, cohort, lastMonth, member.bounds, member.counts);
  }
  const cohorts = [...members.keys()].sort((a, b) => a - b);

  return {
    cohorts: cohorts.map((cohort): CohortRow => {
      const { size, counts } = members.get(cohort)!;
      return { cohort: monthLabel(cohort), size, retention: counts.map((n) => n / size) };
    }),
  };
};
