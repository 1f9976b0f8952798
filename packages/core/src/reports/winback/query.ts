// Win-back list (SPEC §4.4): churned clients worth approaching again, most valuable first.
import { DAY_MS } from '../../domain/time/zone.js';
import { isControllable, type ChurnReason } from '../../domain/vocabulary.js';
import { churnAt, churnReason, lastChurnIndexAt, lifetimeValueAt, openComplaintsAt, ownerAt, stageAt } from '../../projections/clients/timeline.js';
import { compareText, iso, type ReportSource } from '../report-views.js';

export type WinbackAction = 'apologise-and-fix' | 'differentiated-offer' | 'call-to-learn-reason' | 'let-go';

export interface WinbackRow {
  readonly clientId: string;
  readonly name: string;
  readonly ownerId: string;
  readonly churnedAt: string;
  readonly reason: ChurnReason;
  readonly daysSinceChurn: number;
  readonly lifetimeValue: number;
  readonly openComplaints: number;
  readonly score: number;
  readonly action: WinbackAction;
}

export interface WinbackReport {
  readonly asOf: string;
  readonly clients: readonly WinbackRow[];
}

export interface WinbackOptions {
  /** Append the other candidates (uncontrollable, or churned over 1095 days ago) with score 0. */
  readonly all?: boolean;
  /** Cut the final list to this many rows. */
  readonly limit?: number;
}

export const WINBACK_HORIZON_DAYS = 1095;

const ACTIONS: Readonly<Record<ChurnReason, WinbackAction>> = {
  dissatisfied: 'apologise-and-fix',
  competitor: 'differentiated-offer',
  other: 'call-to-learn-reason',
  'negative-value': 'let-go',
  involuntary: 'let-go',
};

/** w of the score; only asked for controllable reasons. */
const weight = (reason: ChurnReason, openComplaints: number): number => {
  if (reason === 'competitor') return 1.0;
  if (reason === 'other') return 0.6;
  if (reason === 'dissatisfied') return openComplaints > 0 ? 0.5 : 0.8;
  return 0;
};

export const winbackReport = async (
  source: Pick<ReportSource, 'clients'>,
  asOf: number,
  options: WinbackOptions = {},
): Promise<WinbackReport> => {
  const listed: WinbackRow[] = [];
  const others: WinbackRow[] = [];
  for await (const page of source.clients()) for (const doc of page) {
    if (stageAt(doc, asOf) !== 'churned') continue;
    const churn = lastChurnIndexAt(doc, asOf);
    const ownerId = ownerAt(doc, asOf);
    if (churn < 0 || ownerId === undefined) continue;
    const churnedAt = churnAt(doc, churn);
    const reason = churnReason(doc, churn);
    const daysSinceChurn = Math.floor((asOf - churnedAt) / DAY_MS);
    const lifetimeValue = lifetimeValueAt(doc, asOf);
    const openComplaints = openComplaintsAt(doc, asOf);
    const eligible = daysSinceChurn <= WINBACK_HORIZON_DAYS && isControllable(reason);
    const score = eligible ? lifetimeValue * weight(reason, openComplaints) * Math.exp(-daysSinceChurn / 365) : 0;
    const row: WinbackRow = {
      clientId: doc.clientId,
      name: doc.name,
      ownerId,
      churnedAt: iso(churnedAt),
      reason,
      daysSinceChurn,
      lifetimeValue,
      openComplaints,
      score,
      action: ACTIONS[reason],
    };
    (eligible ? listed : others).push(row);
  }
  // Rows are built in clientId order and the sort is stable, so equal scores stay in clientId order.
  listed.sort((a, b) => b.score - a.score || compareText(a.clientId, b.clientId));
  const rows = options.all === true ? [...listed, ...others] : listed;
  return { asOf: iso(asOf), clients: options.limit === undefined ? rows : rows.slice(0, Math.max(0, options.limit)) };
};
