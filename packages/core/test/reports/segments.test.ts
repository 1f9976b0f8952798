// SPEC §4.5: revenue of the last 365 days among active clients, and the 80% prefix.
import { describe, expect, it } from 'vitest';
import { segmentsReport } from '../../src/reports/segments/query.js';
import { createLog, ms } from './support/log.js';
import { viewsOf } from './support/views.js';

// T = 2024-12-31T23:59:59.999Z; 2024 is a leap year, so T − 365 days = 2024-01-01T23:59:59.999Z and
// the window (T − 365 d, T] starts just after it.
// K1: 6,000,000 (03-01) + 20,000,000 (06-01) = 26,000,000 → a key account (≥ 20,000,000).
// K2: 5,000,000 at exactly T − 365 d (outside) + 10,000,000 (05-01) = 10,000,000.
// K3 and K6: 4,000,000 each, K3's at 2024-01-02T00:00Z (inside); equal revenue → clientId order.
// K4: revenue only in 2023 → no row. K5: churned → no row, whatever it paid.
// Total 44,000,000; 80% is 35,200,000: K1 alone is 26,000,000, K1 + K2 = 36,000,000 reaches it.
const log = createLog()
  .salesperson('S1', '2023-01-01T00:00:00Z')
  .salesperson('S2', '2023-01-01T00:00:00Z')
  .register('K1', 'S1', '2024-01-01T00:00:00Z')
  .engage('K1', 'E1', 6_000_000, '2024-03-01T00:00:00Z').engage('K1', 'E2', 20_000_000, '2024-06-01T00:00:00Z')
  .register('K2', 'S1', '2024-01-01T00:00:00Z')
  .engage('K2', 'E1', 5_000_000, '2024-01-01T23:59:59.999Z').engage('K2', 'E2', 10_000_000, '2024-05-01T00:00:00Z')
  .register('K3', 'S2', '2024-01-01T00:00:00Z').engage('K3', 'E1', 4_000_000, '2024-01-02T00:00:00Z')
  .register('K4', 'S2', '2023-01-01T00:00:00Z').engage('K4', 'E1', 9_000_000, '2023-06-01T00:00:00Z')
  .register('K5', 'S2', '2024-01-01T00:00:00Z').engage('K5', 'E1', 90_000_000, '2024-02-01T00:00:00Z')
  .churn('K5', 'competitor', '2024-09-01T00:00:00Z')
  .register('K6', 'S1', '2024-01-01T00:00:00Z').engage('K6', 'E1', 4_000_000, '2024-07-01T00:00:00Z')
  .reassign('K6', 'S2', '2024-12-31T23:59:59.999Z'); // at T: the owner at T is S2
const views = viewsOf(log.events);
const T = ms('2024-12-31T23:59:59.999Z');

describe('segments report', () => {
  it('ranks active clients by revenue12m and marks the shortest prefix reaching 80% as key', async () => {
    const total = 44_000_000;
    expect((await segmentsReport(views, T))).toEqual({
      asOf: '2024-12-31T23:59:59.999Z',
      totalRevenue12m: total,
      clients: [
        { clientId: 'K1', name: 'Client K1', ownerId: 'S1', revenue12m: 26_000_000, share: 26_000_000 / total, cumulativeShare: 26_000_000 / total, tier: 'key', keyAccount: true },
        { clientId: 'K2', name: 'Client K2', ownerId: 'S1', revenue12m: 10_000_000, share: 10_000_000 / total, cumulativeShare: 36_000_000 / total, tier: 'key', keyAccount: false },
        { clientId: 'K3', name: 'Client K3', ownerId: 'S2', revenue12m: 4_000_000, share: 4_000_000 / total, cumulativeShare: 40_000_000 / total, tier: 'general', keyAccount: false },
        { clientId: 'K6', name: 'Client K6', ownerId: 'S2', revenue12m: 4_000_000, share: 4_000_000 / total, cumulativeShare: 1, tier: 'general', keyAccount: false },
      ],
    });
  });

  it('the key-account threshold is an option, compared with ≥', async () => {
    const rows = (await segmentsReport(views, T, { keyAccountThreshold: 10_000_000 })).clients;
    expect(rows.map((r) => r.keyAccount)).toEqual([true, true, false, false]);
  });

  it('the tier test is exact: a prefix at exactly 80% is enough, one unit short is not', async () => {
    const build = async (fees: number[]) => {
      const l = createLog().salesperson('S1', '2024-01-01T00:00:00Z');
      fees.forEach((fee, i) => l.register(`X${i}`, 'S1', '2024-01-01T00:00:00Z').engage(`X${i}`, 'E', fee, '2024-06-01T00:00:00Z'));
      return (await segmentsReport(viewsOf(l.events), T)).clients.map((r) => r.tier);
    };
    // 8 of 10: 8 × 5 = 40 = 10 × 4 → X0 alone is the key prefix.
    expect(await build([8, 1, 1])).toEqual(['key', 'general', 'general']);
    // 7,999,999 of 10,000,000 falls short by one unit → X1 is key too.
    expect(await build([7_999_999, 1_000_001, 1_000_000])).toEqual(['key', 'key', 'general']);
  });

  it('nothing active with revenue: total 0 and no rows', async () => {
    expect((await segmentsReport(views, ms('2023-01-01T00:00:00Z')))).toEqual({
      asOf: '2023-01-01T00:00:00.000Z', totalRevenue12m: 0, clients: [],
    });
  });
});
