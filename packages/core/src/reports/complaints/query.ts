// Complaints report (SPEC §4.8): how many complaints came in over P and of what kind, how fast they
// were resolved, what was still open (and overdue) at its end, and whether complaining clients left.
import { DAY_MS } from '../../domain/time/zone.js';
import type { Period } from '../../domain/time/period.js';
import { COMPLAINT_CATEGORIES, SEVERITIES, type ComplaintCategory, type Severity } from '../../domain/vocabulary.js';
import type { ClientDoc } from '../../projections/clients/documents.js';
import {
  churnAt,
  churnsFrom,
  complaintCategory,
  complaintCount,
  complaintFiledAt,
  complaintFiledOwner,
  complaintResolvedAt,
  complaintResolvedOwner,
  complaintSeverity,
  ownerBefore,
} from '../../projections/clients/timeline.js';
import { periodJson, type PeriodJson, type ReportSource } from '../report-views.js';

/** Open complaints filed this many days or more before the end of P are overdue, unless told otherwise. */
export const DEFAULT_OVERDUE_DAYS = 7;

/** Keys in the order SPEC §4.8 lists them. */
export interface FirmComplaints {
  readonly filed: number;
  readonly byCategory: Readonly<Record<ComplaintCategory, number>>;
  readonly bySeverity: Readonly<Record<Severity, number>>;
  readonly resolved: number;
  readonly meanResolutionHours: number | null;
  readonly openAtEnd: number;
  readonly overdueAtEnd: number;
  readonly churnedAfterComplaint: number;
}

export interface SalespersonComplaints {
  readonly salespersonId: string;
  readonly filed: number;
  readonly resolved: number;
  readonly meanResolutionHours: number | null;
  readonly openAtEnd: number;
  readonly overdueAtEnd: number;
}

export interface ComplaintsReport {
  readonly period: PeriodJson;
  readonly firm: FirmComplaints;
  readonly bySalesperson: readonly SalespersonComplaints[];
}

export interface ComplaintsOptions {
  /** N of `--overdue-days N`: whole 24-hour days (SPEC §4.8). */
  readonly overdueDays: number;
}

const HOUR_MS = 3_600_000;

interface Tally {
  filed: number;
  resolved: number;
  resolutionMs: number;
  openAtEnd: number;
  overdueAtEnd: number;
}

const emptyTally = (): Tally => ({ filed: 0, resolved: 0, resolutionMs: 0, openAtEnd: 0, overdueAtEnd: 0 });

const meanHours = (t: Tally): number | null => (t.resolved === 0 ? null : t.resolutionMs / t.resolved / HOUR_MS);

const zeroes = <K extends string>(keys: readonly K[]): Record<K, number> =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/** The client churned in P at or after its first complaint filed in P. */
const churnedAfterComplaint = (doc: ClientDoc, start: number, end: number): boolean => {
  let first = Number.POSITIVE_INFINITY;
  for (let i = 0, n = complaintCount(doc); i < n; i++) {
    const filedAt = complaintFiledAt(doc, i);
    if (filedAt >= start && filedAt < end && filedAt < first) first = filedAt;
  }
  if (first === Number.POSITIVE_INFINITY) return false;
  for (let i = churnsFrom(doc, start), to = churnsFrom(doc, end); i < to; i++) if (churnAt(doc, i) >= first) return true;
  return false;
};

export const complaintsReport = async (source: ReportSource, period: Period, options: ComplaintsOptions): Promise<ComplaintsReport> => {
  const { start, end } = period;
  const overdueBy = end - options.overdueDays * DAY_MS;
  const firm = emptyTally();
  const byCategory = zeroes(COMPLAINT_CATEGORIES);
  const bySeverity = zeroes(SEVERITIES);
  let churned = 0;
  const byOwner = new Map<string, Tally>();
  const of = (ownerId: string | undefined): Tally => {
    if (ownerId === undefined) throw new Error('an owner is missing where a client has complaints');
    let tally = byOwner.get(ownerId);
    if (tally === undefined) byOwner.set(ownerId, (tally = emptyTally()));
    return tally;
  };

  for await (const page of source.clients()) for (const doc of page) {
    const complaints = complaintCount(doc);
    if (complaints === 0) continue;
    // openAtEnd and overdueAtEnd go to the owner in before(e), whoever owned the client when it complained.
    const ownerAtEnd = ownerBefore(doc, end);
    for (let i = 0; i < complaints; i++) {
      const filedAt = complaintFiledAt(doc, i);
      const resolvedAt = complaintResolvedAt(doc, i);
      const resolvedOwnerId = complaintResolvedOwner(doc, i);
      if (filedAt >= start && filedAt < end) {
        firm.filed++;
        byCategory[complaintCategory(doc, i)]++;
        bySeverity[complaintSeverity(doc, i)]++;
        of(complaintFiledOwner(doc, i)).filed++;
      }
      if (resolvedAt !== null && resolvedOwnerId !== null && resolvedAt >= start && resolvedAt < end) {
        const owner = of(resolvedOwnerId);
        firm.resolved++;
        firm.resolutionMs += resolvedAt - filedAt;
        owner.resolved++;
        owner.resolutionMs += resolvedAt - filedAt;
      }
      if (filedAt < end && (resolvedAt === null || resolvedAt >= end)) {
        const overdue = filedAt <= overdueBy;
        const owner = of(ownerAtEnd);
        firm.openAtEnd++;
        owner.openAtEnd++;
        if (overdue) {
          firm.overdueAtEnd++;
          owner.overdueAtEnd++;
        }
      }
    }
    if (churnedAfterComplaint(doc, start, end)) churned++;
  }

  return {
    period: periodJson(period),
    firm: {
      filed: firm.filed,
      byCategory,
      bySeverity,
      resolved: firm.resolved,
      meanResolutionHours: meanHours(firm),
      openAtEnd: firm.openAtEnd,
      overdueAtEnd: firm.overdueAtEnd,
      churnedAfterComplaint: churned,
    },
    bySalesperson: (await source.salespeople()).map(({ salespersonId }) => {
      const t = byOwner.get(salespersonId) ?? emptyTally();
      return {
        salespersonId,
        filed: t.filed,
        resolved: t.resolved,
        meanResolutionHours: meanHours(t),
        openAtEnd: t.openAtEnd,
        overdueAtEnd: t.overdueAtEnd,
      };
    }),
  };
};
