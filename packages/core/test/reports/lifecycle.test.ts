// SPEC §4.1: stage, stageSince, owner, lifetime and lifetime value of each client in at(T).
import { parseAsOf } from '../../src/domain/time/period.js';
import { isRight } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { lifecycleReport } from '../../src/reports/lifecycle/query.js';
import { createLog, ms } from './support/log.js';
import { viewsOf } from './support/views.js';

// C1: prospect 01-10 → contacted 01-15 (a second contact 01-20 moves nothing) → engaged 02-01
// (repeat engagement 03-01 moves nothing) → reassigned S1→S2 03-15 → churned 04-01 → reactivated
// 05-01 08:00 (lifetime 2). Fees 1,000,000 + 500,000 + 200,000.
// C2: prospect, contacted at 2024-03-31T16:00Z, which is already April 1st in Shanghai.
// C3: registered 06-01, after every as-of below but the last.
const log = createLog()
  .salesperson('S1', '2024-01-01T00:00:00Z')
  .salesperson('S2', '2024-01-01T00:00:00Z')
  .register('C1', 'S1', '2024-01-10T09:00:00Z', 'Acme')
  .register('C2', 'S2', '2024-02-01T00:00:00Z', 'Bolt')
  .contact('C1', 'call', '2024-01-15T10:00:00Z')
  .contact('C1', 'visit', '2024-01-20T10:00:00Z')
  .engage('C1', 'E1', 1_000_000, '2024-02-01T00:00:00Z')
  .engage('C1', 'E2', 500_000, '2024-03-01T12:00:00Z')
  .reassign('C1', 'S2', '2024-03-15T00:00:00Z')
  .contact('C2', 'email', '2024-03-31T16:00:00Z')
  .churn('C1', 'competitor', '2024-04-01T00:00:00Z')
  .reactivate('C1', 'E3', 200_000, '2024-05-01T08:00:00Z')
  .register('C3', 'S1', '2024-06-01T00:00:00Z', 'Crux');
const views = viewsOf(log.events);

const asOf = (text: string, zone = 'UTC'): number => {
  const parsed = parseAsOf(text, zone);
  if (!isRight(parsed)) throw new Error(parsed.left);
  return parsed.right;
};

describe('lifecycle report', () => {
  it('as of an instant exactly on an event includes that event (at(T) is occurredAt ≤ T)', async () => {
    // T = the churn instant: C1 is churned since then, still owned by S2, lifetime 1, value
    // 1,000,000 + 500,000; C2 contacted at 03-31T16:00Z; C3 not registered yet, so not listed.
    expect((await lifecycleReport(views, ms('2024-04-01T00:00:00Z')))).toEqual({
      asOf: '2024-04-01T00:00:00.000Z',
      counts: { prospect: 0, contacted: 1, engaged: 0, churned: 1 },
      clients: [
        {
          clientId: 'C1', name: 'Acme', stage: 'churned', stageSince: '2024-04-01T00:00:00.000Z',
          ownerId: 'S2', lifetime: 1, lifetimeValue: 1_500_000,
        },
        {
          clientId: 'C2', name: 'Bolt', stage: 'contacted', stageSince: '2024-03-31T16:00:00.000Z',
          ownerId: 'S2', lifetime: 1, lifetimeValue: 0,
        },
      ],
    });
  });

  it('one millisecond earlier the churn has not happened', async () => {
    const report = (await lifecycleReport(views, ms('2024-04-01T00:00:00Z') - 1));
    // Engaged since the acquisition: the repeat engagement of 03-01 did not move stageSince.
    expect(report.clients[0]).toMatchObject({ stage: 'engaged', stageSince: '2024-02-01T00:00:00.000Z', ownerId: 'S2' });
    expect(report.counts).toEqual({ prospect: 0, contacted: 1, engaged: 1, churned: 0 });
  });

  it('a date as-of is the last millisecond of that local day, so the zone decides what it includes', async () => {
    // UTC 2024-03-31 ends at 23:59:59.999Z: C2's contact at 16:00Z is in.
    const utc = (await lifecycleReport(views, asOf('2024-03-31')));
    expect(utc.asOf).toBe('2024-03-31T23:59:59.999Z');
    expect(utc.clients.map((c) => c.stage)).toEqual(['engaged', 'contacted']);
    // Shanghai (UTC+8) 2024-03-31 ends at 15:59:59.999Z: the contact (local April 1st) is out.
    const shanghai = (await lifecycleReport(views, asOf('2024-03-31', 'Asia/Shanghai')));
    expect(shanghai.asOf).toBe('2024-03-31T15:59:59.999Z');
    expect(shanghai.clients.map((c) => c.stage)).toEqual(['engaged', 'prospect']);
    expect(shanghai.counts).toEqual({ prospect: 1, contacted: 0, engaged: 1, churned: 0 });
  });

  it('the owner changes at the reassignment instant, not before', async () => {
    expect((await lifecycleReport(views, ms('2024-03-15T00:00:00Z'))).clients[0]!.ownerId).toBe('S2');
    expect((await lifecycleReport(views, ms('2024-03-15T00:00:00Z') - 1)).clients[0]!.ownerId).toBe('S1');
  });

  it('contacted: a second contact does not move stageSince', async () => {
    expect((await lifecycleReport(views, ms('2024-01-25T00:00:00Z'))).clients).toEqual([
      {
        clientId: 'C1', name: 'Acme', stage: 'contacted', stageSince: '2024-01-15T10:00:00.000Z',
        ownerId: 'S1', lifetime: 1, lifetimeValue: 0,
      },
    ]);
  });

  it('after the reactivation: engaged again, lifetime 2, every fee in the lifetime value', async () => {
    // 1,000,000 + 500,000 + 200,000 = 1,700,000; C3 registered 06-01 is listed as a prospect.
    const report = (await lifecycleReport(views, ms('2024-06-01T00:00:00Z')));
    expect(report.clients[0]).toEqual({
      clientId: 'C1', name: 'Acme', stage: 'engaged', stageSince: '2024-05-01T08:00:00.000Z',
      ownerId: 'S2', lifetime: 2, lifetimeValue: 1_700_000,
    });
    expect(report.counts).toEqual({ prospect: 1, contacted: 1, engaged: 1, churned: 0 });
    expect(report.clients.map((c) => c.clientId)).toEqual(['C1', 'C2', 'C3']);
  });

  it('events at one instant: the state at T is the last of them in stream order', async () => {
    const t = '2024-01-01T00:00:00Z';
    const same = createLog().salesperson('S1', t).register('Z', 'S1', t).contact('Z', 'call', t).engage('Z', 'E1', 5, t);
    const v = viewsOf(same.events);
    expect((await lifecycleReport(v, ms(t))).clients[0]).toMatchObject({ stage: 'engaged', stageSince: '2024-01-01T00:00:00.000Z', lifetimeValue: 5 });
    expect((await lifecycleReport(v, ms(t) - 1)).clients).toEqual([]);
  });

  it('orders clients by code unit, not locale (upper case before lower case)', async () => {
    const t = '2024-01-01T00:00:00Z';
    const mixed = createLog().salesperson('S1', t).register('b', 'S1', t).register('B', 'S1', t).register('a', 'S1', t);
    expect((await lifecycleReport(viewsOf(mixed.events), ms(t))).clients.map((c) => c.clientId)).toEqual(['B', 'a', 'b']);
  });
});
