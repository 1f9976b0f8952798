// The firm's settings at the command path's edge (SPEC §2–4): a zone must be an IANA name as IANA
// spells it, links included (US/Eastern), never a re-cased one that Intl would resolve anyway; a
// ConfigureFirm with neither setting is a bad shape, refused before its commandId is looked up;
// and a re-cased zone an earlier version recorded is still read, never parked.
import { isLeft } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { createMemoryEventStore, createMemoryReadModelStore, createRapport, type EventStore } from '@rapport/core';

const clock = () => new Date('2024-12-31T00:00:00Z');
const open = (eventStore: EventStore = createMemoryEventStore({ clock })) =>
  createRapport({ eventStore, readModelStore: createMemoryReadModelStore(), clock });

describe('ConfigureFirm timeZone', () => {
  it.each(['US/EASTERN', 'Asia/KOLKATA', 'Gmt', 'ZULU', 'asia/shanghai'])('refuses %s, naming timeZone', async (timeZone) => {
    const result = await open().executeUntyped({ type: 'ConfigureFirm', timeZone, occurredAt: '2024-01-01T00:00:00Z' });
    expect(result).toMatchObject({ status: 'rejected', error: { code: 'InvalidCommand', field: 'timeZone' } });
  });

  it.each(['US/Eastern', 'Asia/Kolkata', 'Asia/Calcutta', 'GMT', 'Zulu', 'Etc/GMT-14'])('takes %s as written', async (timeZone) => {
    const rapport = open();
    expect((await rapport.executeUntyped({ type: 'ConfigureFirm', timeZone, occurredAt: '2024-01-01T00:00:00Z' })).status).toBe('applied');
    expect(await rapport.timeZone()).toBe(timeZone);
  });
});

describe('ConfigureFirm with neither setting', () => {
  it('is InvalidCommand even when its commandId was already applied (shape before duplicates, SPEC §3)', async () => {
    const rapport = open();
    expect((await rapport.executeUntyped({ type: 'ConfigureFirm', commandId: 'f1', timeZone: 'UTC', occurredAt: '2024-01-01T00:00:00Z' })).status).toBe('applied');
    const again = await rapport.executeUntyped({ type: 'ConfigureFirm', commandId: 'f1', occurredAt: '2024-01-01T00:00:00Z' });
    expect(again).toMatchObject({ status: 'rejected', error: { code: 'InvalidCommand', message: 'ConfigureFirm needs at least one of timeZone and keyAccountThreshold' } });
  });
});

describe('a re-cased zone an earlier version recorded', () => {
  it('is still the firm zone reports run in, not a parked event', async () => {
    const eventStore = createMemoryEventStore({ clock });
    const meta = { occurredAt: '2024-01-01T00:00:00.000Z', actor: 'old-version', commandId: null, correlationId: null, causationId: null, schemaVersion: 1 };
    const appended = await eventStore.append({ stream: 'firm', expected: 'no-stream', events: [{ type: 'FirmConfigured', data: { timeZone: 'US/EASTERN' }, metadata: meta }] });
    expect(isLeft(appended)).toBe(false);
    const rapport = open(eventStore);
    expect(await rapport.timeZone()).toBe('US/EASTERN');
    // 2024-03 in New York: from 05:00Z on 1 March (EST), to 04:00Z on 1 April (EDT).
    const attrition = await rapport.attrition({ period: '2024-03' });
    expect(attrition.period).toMatchObject({ start: '2024-03-01T05:00:00.000Z', end: '2024-04-01T04:00:00.000Z' });
    expect(await rapport.parked()).toEqual([]);
  });
});
