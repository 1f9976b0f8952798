// buildReportPage / gatherReportPage over an in-memory Rapport: the defaults for P and T are read in
// the firm's zone, and the page's data are the library's reports for them.
import { describe, expect, it } from 'vitest';
import { createMemoryEventStore, createMemoryReadModelStore, createRapport, type Rapport } from '@rapport/core';
import { buildReportPage, gatherReportPage } from '../src/html/index.js';
import { monthsEnding } from '../src/html/build.js';

const open = (timeZone?: string): Rapport => {
  const clock = () => new Date('2025-08-20T10:00:00.000Z');
  return createRapport({
    eventStore: createMemoryEventStore({ clock }),
    readModelStore: createMemoryReadModelStore(),
    clock,
    ...(timeZone === undefined ? {} : { timeZone }),
  });
};

// The last event occurs at 2025-03-30T17:00Z: 2025-03-30 in UTC, but 2025-03-31 01:00 in Shanghai,
// the last day of Q1 there.
const firm = async (rapport: Rapport): Promise<Rapport> => {
  for (const command of [
    { type: 'RegisterSalesperson', salespersonId: 'S1', name: 'Li Wei', occurredAt: '2025-01-01T00:00:00Z' },
    { type: 'RegisterClient', clientId: 'C1', name: 'Acme <Ltd>', ownerId: 'S1', occurredAt: '2025-01-02T00:00:00Z' },
    { type: 'RecordEngagement', clientId: 'C1', engagementId: 'E1', fee: 100_000, occurredAt: '2025-03-30T17:00:00Z' },
  ]) {
    const result = await rapport.executeUntyped(command);
    if (result.status !== 'applied') throw new Error(JSON.stringify(result));
  }
  return rapport;
};

describe('monthsEnding', () => {
  it('counts back across year ends, oldest first', () => {
    expect(monthsEnding('2025-02', 3)).toEqual(['2024-12', '2025-01', '2025-02']);
    expect(monthsEnding('2024-12', 12)).toEqual(['2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06', '2024-07', '2024-08', '2024-09', '2024-10', '2024-11', '2024-12']);
  });

  it('starts no earlier than 0000-01, the first month a period can name', () => {
    expect(monthsEnding('0000-03', 12)).toEqual(['0000-01', '0000-02', '0000-03']);
    expect(monthsEnding('0001-01', 3)).toEqual(['0000-11', '0000-12', '0001-01']);
  });
});

describe('gatherReportPage at the ends of the calendar', () => {
  it('reads a T in the year 0000 as the year 0000 (Intl calls it 1 BC), with the months that exist before it', async () => {
    const { options, data } = await gatherReportPage(open(), { asOf: '0000-06-30', period: '0000-Q1' });
    expect(options.asOf).toBe('0000-06-30');
    expect(data.attritionByMonth.map((a) => a.period.label)).toEqual(['0000-01', '0000-02', '0000-03', '0000-04', '0000-05', '0000-06']);
    expect((await gatherReportPage(open(), { asOf: '0000-06-29' })).options.period).toBe('0000-Q1');
  });

  it('refuses, naming the input, a T with no quarter over yet and a T past the year 9999 in the firm\'s zone', async () => {
    await expect(gatherReportPage(open(), { asOf: '0000-02-15' })).rejects.toMatchObject({ name: 'InvalidReportInput', option: 'period', message: expect.stringContaining('no quarter is over by the end of 0000-02-15') });
    expect((await gatherReportPage(open(), { asOf: '0000-02-15', period: '0000-01' })).options.period).toBe('0000-01');
    await expect(gatherReportPage(open('Asia/Shanghai'), { asOf: '9999-12-31T23:59:59.999Z' })).rejects.toMatchObject({ name: 'InvalidReportInput', option: 'asOf', message: expect.stringContaining('not on 10000-01-01') });
  });
});

describe('gatherReportPage', () => {
  it('T is the last event\'s day in the firm\'s zone, P the last quarter over by the end of it', async () => {
    const utc = await gatherReportPage(await firm(open()));
    expect([utc.options.asOf, utc.options.period, utc.options.timeZone]).toEqual(['2025-03-30', '2024-Q4', 'UTC']);
    expect(utc.data.lifecycle.asOf).toBe('2025-03-30T23:59:59.999Z');
    const shanghai = await gatherReportPage(await firm(open('Asia/Shanghai')));
    expect([shanghai.options.asOf, shanghai.options.period, shanghai.options.timeZone]).toEqual(['2025-03-31', '2025-Q1', 'Asia/Shanghai']);
    // The end of 2025-03-31 in Shanghai (UTC+8).
    expect(shanghai.data.lifecycle.asOf).toBe('2025-03-31T15:59:59.999Z');
    expect(shanghai.data.attritionByMonth.map((a) => a.period.label)).toEqual(monthsEnding('2025-03', 12));
    expect(shanghai.data.attrition.firm.acquired).toBe(1);
  });

  it('takes P and T as given, and each report is the library\'s answer for them', async () => {
    const rapport = await firm(open());
    const { data, options } = await gatherReportPage(rapport, { period: '2025-03', asOf: '2025-03-31T12:00:00Z', title: 'Q1' });
    // An instant is shown in the firm's zone, as every other date of the page; the picker keeps it as asked.
    expect([options.title, options.period, options.asOf, options.asOfInput]).toEqual(['Q1', '2025-03', '2025-03-31 12:00', '2025-03-31T12:00:00Z']);
    expect(data.attrition).toEqual(await rapport.attrition({ period: '2025-03' }));
    expect(data.complaints).toEqual(await rapport.complaints({ period: '2025-03' }));
    expect(data.segments).toEqual(await rapport.segments({ asOf: '2025-03-31T12:00:00Z' }));
    expect(data.winback).toEqual(await rapport.winback({ asOf: '2025-03-31T12:00:00Z' }));
  });

  it('shows an instant T in the firm\'s zone, and counts T\'s own month only up to T', async () => {
    const rapport = await firm(open('Asia/Shanghai'));
    expect((await rapport.executeUntyped({ type: 'RecordChurn', clientId: 'C1', reason: 'competitor', occurredAt: '2025-04-20T00:00:00Z' })).status).toBe('applied');
    const { data, options } = await gatherReportPage(rapport, { period: '2025-Q1', asOf: '2025-04-10T20:00:00Z' });
    expect(options.asOf).toBe('2025-04-11 04:00');
    const april = data.attritionByMonth.at(-1)!;
    // The churn of 20 April is after T: not a loss of the month yet, as C1 is not churned at T.
    expect(april.period).toMatchObject({ label: '2025-04', end: '2025-04-10T20:00:00.001Z' });
    expect(april.firm.lost).toBe(0);
    expect(data.lifecycle.counts.churned).toBe(0);
  });

  it('an empty log is reported as of the clock\'s day', async () => {
    const { options, data } = await gatherReportPage(open());
    expect([options.asOf, options.period]).toEqual(['2025-08-20', '2025-Q2']);
    expect(data.lifecycle.counts).toEqual({ prospect: 0, contacted: 0, engaged: 0, churned: 0 });
  });

  it('buildReportPage renders it, names escaped', async () => {
    const page = await buildReportPage(await firm(open()), { title: 'Board pack' });
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).toContain('<title>Board pack — 2024-Q4</title>');
    expect(page).not.toContain('Acme <Ltd>');
    expect(page).toContain('Acme &lt;Ltd&gt;');
  });
});
