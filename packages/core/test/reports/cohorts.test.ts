// SPEC §4.6: cohort retention by acquisition month, in the firm's zone.
import { describe, expect, it } from 'vitest';
import { cohortReport } from '../../src/reports/cohorts/query.js';
import { createLog } from './support/log.js';
import { viewsOf } from './support/views.js';

// X1: acquired 2024-01-10; churns 02-15; reactivated exactly at 2024-04-01T00:00Z.
// X2: acquired 2024-01-31T23:59:59.999Z (UTC January, Shanghai February 1st); stays.
// X3: acquired 2024-03-05; churns 2024-03-31T23:59:59.999Z (UTC March, Shanghai April 1st).
// X4: never engaged → in no cohort.
// The log's last event is at 2024-05-31T16:30Z: May in UTC, June 1st in Shanghai.
const log = createLog()
  .salesperson('S1', '2024-01-01T00:00:00Z')
  .register('X1', 'S1', '2024-01-01T00:00:00Z').engage('X1', 'E1', 10, '2024-01-10T00:00:00Z')
  .register('X2', 'S1', '2024-01-01T00:00:00Z').engage('X2', 'E1', 10, '2024-01-31T23:59:59.999Z')
  .register('X3', 'S1', '2024-01-01T00:00:00Z').engage('X3', 'E1', 10, '2024-03-05T00:00:00Z')
  .register('X4', 'S1', '2024-01-01T00:00:00Z')
  .churn('X1', 'competitor', '2024-02-15T00:00:00Z')
  .churn('X3', 'other', '2024-03-31T23:59:59.999Z')
  .reactivate('X1', 'E2', 10, '2024-04-01T00:00:00Z')
  .visitPlan('S1', '2024-06', 3, '2024-05-31T16:30:00Z');
const views = viewsOf(log.events);

describe('cohort report', () => {
  it('UTC: cells up to May, a reactivation counts again, no row for February', async () => {
    // 2024-01 = {X1, X2}: end Jan both active 1; end Feb X1 churned 0.5; end Mar (before 04-01:
    // the reactivation at 04-01 is not in) 0.5; end Apr 1; end May 1.
    // 2024-03 = {X3}: churned within March → 0, 0, 0.
    expect((await cohortReport(views, { zone: 'UTC' }))).toEqual({
      cohorts: [
        { cohort: '2024-01', size: 2, retention: [1, 0.5, 0.5, 1, 1] },
        { cohort: '2024-03', size: 1, retention: [0, 0, 0] },
      ],
    });
  });

  it('Asia/Shanghai: months and month ends are local, and the last month is June', async () => {
    // 2024-01 = {X1}: ends Jan 1, Feb 0, Mar 0, Apr 1 (reactivated 04-01 08:00 local), May 1, Jun 1.
    // 2024-02 = {X2}: Feb … Jun all 1.
    // 2024-03 = {X3}: its churn is local April 1st 07:59 → end of March 1, then 0, 0, 0.
    expect((await cohortReport(views, { zone: 'Asia/Shanghai' }))).toEqual({
      cohorts: [
        { cohort: '2024-01', size: 1, retention: [1, 0, 0, 1, 1, 1] },
        { cohort: '2024-02', size: 1, retention: [1, 1, 1, 1, 1] },
        { cohort: '2024-03', size: 1, retention: [1, 0, 0, 0] },
      ],
    });
  });

  it('--from and --to select cohort months, inclusive, without shortening the rows', async () => {
    expect((await cohortReport(views, { zone: 'UTC', from: '2024-02' })).cohorts.map((c) => c.cohort)).toEqual(['2024-03']);
    expect((await cohortReport(views, { zone: 'UTC', to: '2024-01' }))).toEqual({
      cohorts: [{ cohort: '2024-01', size: 2, retention: [1, 0.5, 0.5, 1, 1] }],
    });
    expect((await cohortReport(views, { zone: 'UTC', from: '2024-03', to: '2024-03' })).cohorts).toHaveLength(1);
  });

  it('an empty log has no cohorts', async () => {
    expect((await cohortReport(viewsOf([]), { zone: 'UTC' }))).toEqual({ cohorts: [] });
  });
});
