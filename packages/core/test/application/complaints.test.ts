// The API's complaints report (SPEC §4.8) and lastOccurredAt, as an embedding developer calls them:
// periods in the firm's zone, knownAt in the JSON after the period, inputs checked with the option named.
import { describe, expect, it } from 'vitest';
import { createMemoryEventStore, createMemoryReadModelStore, createRapport, InvalidReportInput, type Rapport } from '@rapport/core';

const open = (now: string, timeZone?: string): Rapport => {
  const clock = () => new Date(now);
  return createRapport({
    eventStore: createMemoryEventStore({ clock }),
    readModelStore: createMemoryReadModelStore(),
    clock,
    ...(timeZone === undefined ? {} : { timeZone }),
  });
};

const apply = async (rapport: Rapport, commands: readonly Record<string, unknown>[]): Promise<void> => {
  for (const command of commands) {
    const result = await rapport.executeUntyped(command);
    if (result.status !== 'applied') throw new Error(`expected applied, got ${JSON.stringify(result)}`);
  }
};

describe('rapport.complaints', () => {
  it('reads the period in the firm zone, stamps knownAt after the period, and applies overdueDays', async () => {
    const rapport = open('2024-05-01T00:00:00.000Z', 'Asia/Shanghai');
    await apply(rapport, [
      { type: 'RegisterSalesperson', salespersonId: 'S1', name: 'Li Wei', occurredAt: '2024-01-01T00:00:00Z' },
      { type: 'RegisterClient', clientId: 'C1', name: 'Acme', ownerId: 'S1', occurredAt: '2024-01-02T00:00:00Z' },
      { type: 'RecordEngagement', clientId: 'C1', engagementId: 'E1', fee: 100, occurredAt: '2024-01-05T00:00:00Z' },
      // 2024-02-29T17:00Z is 2024-03-01 01:00 in Shanghai: filed in Shanghai's March.
      { type: 'FileComplaint', clientId: 'C1', complaintId: 'K1', category: 'staff', severity: 'high', occurredAt: '2024-02-29T17:00:00Z' },
    ]);
    const march = await rapport.complaints({ period: '2024-03' });
    expect(Object.keys(march)).toEqual(['period', 'knownAt', 'firm', 'bySalesperson']);
    expect(march.period).toEqual({ label: '2024-03', start: '2024-02-29T16:00:00.000Z', end: '2024-03-31T16:00:00.000Z' });
    expect(march.knownAt).toBeNull();
    expect(march.firm).toMatchObject({ filed: 1, byCategory: { staff: 1 }, bySeverity: { high: 1 }, openAtEnd: 1, overdueAtEnd: 1 });
    expect((await rapport.complaints({ period: '2024-02' })).firm.filed).toBe(0);
    // Filed 30 days 23 hours before the end of Shanghai's March (2024-03-31T16:00Z): overdue for
    // N = 30, not for N = 31.
    expect((await rapport.complaints({ period: '2024-03', overdueDays: 30 })).firm.overdueAtEnd).toBe(1);
    expect((await rapport.complaints({ period: '2024-03', overdueDays: 31 })).firm.overdueAtEnd).toBe(0);
    const known = await rapport.complaints({ period: '2024-03', knownAt: '2024-04-01T00:00:00Z' });
    expect(known.knownAt).toBe('2024-04-01T00:00:00.000Z');
    await expect(rapport.complaints({ period: '2024-03', overdueDays: -1 })).rejects.toThrow(InvalidReportInput);
    await expect(rapport.complaints({ period: '2024-03', overdueDays: 1.5 })).rejects.toThrow(/overdueDays/);
    await expect(rapport.complaints({ period: '2024-3' })).rejects.toThrow(/period/);
  });

  it('lastOccurredAt is the greatest occurredAt of any stream, null for an empty log', async () => {
    const rapport = open('2024-05-01T00:00:00.000Z');
    expect(await rapport.lastOccurredAt()).toBeNull();
    await apply(rapport, [
      { type: 'RegisterSalesperson', salespersonId: 'S1', name: 'Li Wei', occurredAt: '2024-03-01T00:00:00Z' },
      { type: 'RegisterClient', clientId: 'C1', name: 'Acme', ownerId: 'S1', occurredAt: '2024-02-02T00:00:00Z' },
      { type: 'SetVisitPlan', salespersonId: 'S1', month: '2024-04', plannedVisits: 3, occurredAt: '2024-03-05T12:30:00Z' },
    ]);
    expect(await rapport.lastOccurredAt()).toBe('2024-03-05T12:30:00.000Z');
  });
});
