// SPEC §4.7: every event of a client in stream order, and its state in at(T).
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { clientHistoryReport } from '../../src/reports/history/query.js';
import { createLog, ms } from './support/log.js';

// C1: registered 01-10 (S1), engaged 02-01 for 1,000; complaints K1 (03-01, resolved 03-05) and K2
// (03-10, open); reassigned to S2 04-01; churned 05-01; reactivated 06-01 for 500 (lifetime 2).
const log = createLog()
  .salesperson('S1', '2024-01-01T00:00:00Z')
  .salesperson('S2', '2024-01-01T00:00:00Z')
  .register('C1', 'S1', '2024-01-10T00:00:00Z', 'Acme')
  .register('C9', 'S1', '2024-01-10T00:00:00Z')
  .engage('C1', 'E1', 1_000, '2024-02-01T00:00:00Z')
  .complain('C1', 'K1', '2024-03-01T00:00:00Z')
  .resolve('C1', 'K1', '2024-03-05T00:00:00Z')
  .complain('C1', 'K2', '2024-03-10T00:00:00Z')
  .reassign('C1', 'S2', '2024-04-01T00:00:00Z')
  .churn('C1', 'competitor', '2024-05-01T00:00:00Z')
  .reactivate('C1', 'E2', 500, '2024-06-01T00:00:00Z');
const stream = log.recorded('C1');

const report = (asOf: string) => {
  const result = clientHistoryReport('C1', stream, ms(asOf));
  if (!isRight(result)) throw new Error(result.left.message);
  return result.right;
};

describe('client history report', () => {
  it('lists every event in stream order whatever T, with its global position and metadata', () => {
    const r = report('2024-01-01T00:00:00Z');
    expect(r.clientId).toBe('C1');
    expect(r.asOf).toBe('2024-01-01T00:00:00.000Z');
    // Not registered yet at T.
    expect(r.state).toBeNull();
    expect(r.events.map((e) => [e.streamVersion, e.position, e.type])).toEqual([
      [0, 2, 'ClientRegistered'],
      [1, 4, 'ClientEngaged'],
      [2, 5, 'ClientComplained'],
      [3, 6, 'ComplaintResolved'],
      [4, 7, 'ClientComplained'],
      [5, 8, 'ClientReassigned'],
      [6, 9, 'ClientChurned'],
      [7, 10, 'ClientReactivated'],
    ]);
    expect(r.events[5]).toEqual({
      streamVersion: 5,
      position: 8,
      type: 'ClientReassigned',
      data: { clientId: 'C1', ownerId: 'S2', previousOwnerId: 'S1' },
      metadata: {
        occurredAt: '2024-04-01T00:00:00.000Z', recordedAt: '2024-04-01T00:00:00.000Z', actor: 'system',
        commandId: null, correlationId: null, causationId: null, schemaVersion: 1, hash: 'hash-8',
      },
    });
  });

  it('state at T: exactly at the second complaint, one is open (K1 was resolved 03-05)', () => {
    expect(report('2024-03-10T00:00:00Z').state).toEqual({
      name: 'Acme', stage: 'engaged', stageSince: '2024-02-01T00:00:00.000Z', ownerId: 'S1',
      lifetime: 1, lifetimeValue: 1_000, openComplaints: 1,
    });
    // One millisecond before K1's resolution only K1 is filed, and it is open.
    expect(report('2024-03-04T23:59:59.999Z').state?.openComplaints).toBe(1);
  });

  it('state after the reactivation', () => {
    expect(report('2024-12-31T23:59:59.999Z').state).toEqual({
      name: 'Acme', stage: 'engaged', stageSince: '2024-06-01T00:00:00.000Z', ownerId: 'S2',
      lifetime: 2, lifetimeValue: 1_500, openComplaints: 1,
    });
  });

  it('an unknown client is ClientNotFound', () => {
    const result = clientHistoryReport('NOPE', [], ms('2024-01-01T00:00:00Z'));
    expect(isLeft(result) && result.left.code).toBe('ClientNotFound');
  });
});
