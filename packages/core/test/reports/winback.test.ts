// SPEC §4.4: the win-back list, scored by value, reason and time since the churn.
import { describe, expect, it } from 'vitest';
import { winbackReport } from '../../src/reports/winback/query.js';
import { createLog, ms } from './support/log.js';
import { viewsOf } from './support/views.js';

// T = 2024-12-31T23:59:59.999Z (the date 2024-12-31 in UTC). Every client engaged once.
// W1: 1,000,000, competitor 2024-07-04 → 180 whole days, w 1; reassigned to S2 after the churn.
// W2: 2,000,000, dissatisfied 2024-10-02 with a complaint still open → 90 days, w 0.5.
// W3 and W0: 500,000, dissatisfied 2024-12-31T00:00Z, complaint resolved → 0 days, w 0.8.
// W4: 1,000,000, other 2022-01-01 → exactly 1095 days (2022 + 2023 + 2024-01-01..12-31), w 0.6.
// W5: other 2021-12-31 → 1096 days: only with --all. W6: negative-value → let-go, only with --all.
// W7: churned and won back → not a candidate. W8: churns after T → not a candidate at T.
const log = createLog()
  .salesperson('S1', '2020-01-01T00:00:00Z')
  .salesperson('S2', '2020-01-01T00:00:00Z')
  .register('W1', 'S1', '2024-01-01T00:00:00Z').engage('W1', 'E', 1_000_000, '2024-01-01T00:00:00Z')
  .churn('W1', 'competitor', '2024-07-04T00:00:00Z').reassign('W1', 'S2', '2024-08-01T00:00:00Z')
  .register('W2', 'S1', '2024-01-01T00:00:00Z').engage('W2', 'E', 2_000_000, '2024-01-01T00:00:00Z')
  .complain('W2', 'K1', '2024-05-01T00:00:00Z').churn('W2', 'dissatisfied', '2024-10-02T00:00:00Z')
  .register('W3', 'S1', '2024-01-01T00:00:00Z').engage('W3', 'E', 500_000, '2024-01-01T00:00:00Z')
  .complain('W3', 'K1', '2024-05-01T00:00:00Z').resolve('W3', 'K1', '2024-05-02T00:00:00Z')
  .churn('W3', 'dissatisfied', '2024-12-31T00:00:00Z')
  .register('W0', 'S1', '2024-01-01T00:00:00Z').engage('W0', 'E', 500_000, '2024-01-01T00:00:00Z')
  .churn('W0', 'dissatisfied', '2024-12-31T00:00:00Z')
  .register('W4', 'S1', '2021-01-01T00:00:00Z').engage('W4', 'E', 1_000_000, '2021-01-01T00:00:00Z')
  .churn('W4', 'other', '2022-01-01T00:00:00Z')
  .register('W5', 'S1', '2021-01-01T00:00:00Z').engage('W5', 'E', 1_000_000, '2021-01-01T00:00:00Z')
  .churn('W5', 'other', '2021-12-31T00:00:00Z')
  .register('W6', 'S2', '2024-01-01T00:00:00Z').engage('W6', 'E', 9_000_000, '2024-01-01T00:00:00Z')
  .churn('W6', 'negative-value', '2024-11-01T00:00:00Z')
  .register('W7', 'S1', '2024-01-01T00:00:00Z').engage('W7', 'E', 100, '2024-01-01T00:00:00Z')
  .churn('W7', 'competitor', '2024-02-01T00:00:00Z').reactivate('W7', 'E2', 100, '2024-03-01T00:00:00Z')
  .register('W8', 'S1', '2024-01-01T00:00:00Z').engage('W8', 'E', 100, '2024-01-01T00:00:00Z')
  .churn('W8', 'competitor', '2025-01-05T00:00:00Z')
  .reassign('W2', 'S2', '2025-02-01T00:00:00Z'); // after T: W2 is still S1's at T
const views = viewsOf(log.events);
const T = ms('2024-12-31T23:59:59.999Z');

const row = (over: Record<string, unknown>) => ({ name: `Client ${String(over.clientId)}`, ...over });
const W2 = row({
  clientId: 'W2', ownerId: 'S1', churnedAt: '2024-10-02T00:00:00.000Z', reason: 'dissatisfied', daysSinceChurn: 90,
  lifetimeValue: 2_000_000, openComplaints: 1, score: 2_000_000 * 0.5 * Math.exp(-90 / 365), action: 'apologise-and-fix',
}); // ≈ 781,471
const W1 = row({
  clientId: 'W1', ownerId: 'S2', churnedAt: '2024-07-04T00:00:00.000Z', reason: 'competitor', daysSinceChurn: 180,
  lifetimeValue: 1_000_000, openComplaints: 0, score: 1_000_000 * 1 * Math.exp(-180 / 365), action: 'differentiated-offer',
}); // ≈ 610,717
const W0 = row({
  clientId: 'W0', ownerId: 'S1', churnedAt: '2024-12-31T00:00:00.000Z', reason: 'dissatisfied', daysSinceChurn: 0,
  lifetimeValue: 500_000, openComplaints: 0, score: 400_000, action: 'apologise-and-fix',
});
const W3 = { ...W0, clientId: 'W3', name: 'Client W3' }; // the same score: clientId decides
const W4 = row({
  clientId: 'W4', ownerId: 'S1', churnedAt: '2022-01-01T00:00:00.000Z', reason: 'other', daysSinceChurn: 1095,
  lifetimeValue: 1_000_000, openComplaints: 0, score: 1_000_000 * 0.6 * Math.exp(-1095 / 365), action: 'call-to-learn-reason',
}); // ≈ 29,872
const W5 = row({
  clientId: 'W5', ownerId: 'S1', churnedAt: '2021-12-31T00:00:00.000Z', reason: 'other', daysSinceChurn: 1096,
  lifetimeValue: 1_000_000, openComplaints: 0, score: 0, action: 'call-to-learn-reason',
});
const W6 = row({
  clientId: 'W6', ownerId: 'S2', churnedAt: '2024-11-01T00:00:00.000Z', reason: 'negative-value', daysSinceChurn: 60,
  lifetimeValue: 9_000_000, openComplaints: 0, score: 0, action: 'let-go',
});

describe('win-back report', () => {
  it('lists controllable churns of the last 1095 days by score, then clientId', async () => {
    expect((await winbackReport(views, T))).toEqual({ asOf: '2024-12-31T23:59:59.999Z', clients: [W2, W1, W0, W3, W4] });
  });

  it('--all appends the other candidates with score 0 in clientId order; --limit cuts the final list', async () => {
    expect((await winbackReport(views, T, { all: true })).clients).toEqual([W2, W1, W0, W3, W4, W5, W6]);
    expect((await winbackReport(views, T, { limit: 2 })).clients).toEqual([W2, W1]);
    expect((await winbackReport(views, T, { all: true, limit: 6 })).clients).toEqual([W2, W1, W0, W3, W4, W5]);
    expect((await winbackReport(views, T, { limit: 0 })).clients).toEqual([]);
  });

  it('as of exactly the churn instant the client is a candidate; one millisecond earlier it is not', async () => {
    const at = ms('2024-12-31T00:00:00Z');
    expect((await winbackReport(views, at)).clients.map((c) => c.clientId)).toContain('W3');
    expect((await winbackReport(views, at - 1)).clients.map((c) => c.clientId)).not.toContain('W3');
  });

  it('a complaint resolved after T is still open at T, and lowers the weight of a dissatisfied client', async () => {
    // V: 1,000 of fees; complaint filed 05-01, churned (dissatisfied) 06-01, complaint resolved 07-01.
    // As of 06-15 (14 days): one open complaint → w 0.5. As of 07-01 (30 days): none → w 0.8.
    const v = viewsOf(
      createLog()
        .salesperson('S1', '2024-01-01T00:00:00Z')
        .register('V', 'S1', '2024-01-01T00:00:00Z').engage('V', 'E', 1_000, '2024-01-02T00:00:00Z')
        .complain('V', 'K1', '2024-05-01T00:00:00Z').churn('V', 'dissatisfied', '2024-06-01T00:00:00Z')
        .resolve('V', 'K1', '2024-07-01T00:00:00Z').events,
    );
    expect((await winbackReport(v, ms('2024-06-15T00:00:00Z'))).clients[0]).toMatchObject({
      openComplaints: 1, daysSinceChurn: 14, score: 1_000 * 0.5 * Math.exp(-14 / 365),
    });
    expect((await winbackReport(v, ms('2024-07-01T00:00:00Z'))).clients[0]).toMatchObject({
      openComplaints: 0, daysSinceChurn: 30, score: 1_000 * 0.8 * Math.exp(-30 / 365),
    });
  });
});
