// Value segments (SPEC §4.5): the active clients' revenue over the last 365 days, and the few that
// make up 80% of it.
import { DAY_MS } from '../../domain/time/zone.js';
import { feesInHalfOpenLeft, isActiveAt, ownerAt } from '../../projections/clients/timeline.js';
import { compareText, iso, type ReportSource } from '../report-views.js';

export type Tier = 'key' | 'general';

export interface SegmentRow {
  readonly clientId: string;
  readonly name: string;
  readonly ownerId: string;
  readonly revenue12m: number;
  readonly share: number;
  readonly cumulativeShare: number;
  readonly tier: Tier;
  readonly keyAccount: boolean;
}

export interface SegmentsReport {
  readonly asOf: string;
  readonly totalRevenue12m: number;
  readonly clients: readonly SegmentRow[];
}

export interface SegmentsOptions {
  /** Minor units; a client with revenue12m at or above it is a key account. */
  readonly keyAccountThreshold?: number;
}

export const DEFAULT_KEY_ACCOUNT_THRESHOLD = 20_000_000;

export const segmentsReport = async (
  source: Pick<ReportSource, 'clients'>,
  asOf: number,
  { keyAccountThreshold = DEFAULT_KEY_ACCOUNT_THRESHOLD }: SegmentsOptions = {},
): Promise<SegmentsReport> => {
  const windowStart = asOf - 365 * DAY_MS;
  const earners: { clientId: string; name: string; ownerId: string; revenue12m: number }[] = [];
  for await (const page of source.clients()) for (const doc of page) {
    if (!isActiveAt(doc, asOf)) continue;
    const revenue12m = feesInHalfOpenLeft(doc, windowStart, asOf);
    const ownerId = ownerAt(doc, asOf);
    if (revenue12m > 0 && ownerId !== undefined) earners.push({ clientId: doc.clientId, name: doc.name, ownerId, revenue12m });
  }
  earners.sort((a, b) => b.revenue12m - a.revenue12m || compareText(a.clientId, b.clientId));

  let total = 0;
  for (const e of earners) total += e.revenue12m;
  // The 80% test in integers (BigInt, as money sums may pass 2^53 / 5): cumulative × 5 ≥ total × 4.
  const totalTimesFour = BigInt(total) * 4n;
  let cumulative = 0;
  let keyPrefixDone = false;
  const clients = earners.map((e): SegmentRow => {
    cumulative += e.revenue12m;
    const tier: Tier = keyPrefixDone ? 'general' : 'key';
    if (!keyPrefixDone && BigInt(cumulative) * 5n >= totalTimesFour) keyPrefixDone = true;
    // Keys in SPEC §4.5's order, written out: a spread of `e` per row was most of this loop.
    return {
      clientId: e.clientId,
      name: e.name,
      ownerId: e.ownerId,
      revenue12m: e.revenue12m,
      share: e.revenue12m / total,
      cumulativeShare: cumulative / total,
      tier,
      keyAccount: e.revenue12m >= keyAccountThreshold,
    };
  });
  return { asOf: iso(asOf), totalRevenue12m: total, clients };
};
