// verifyLog: given a log built through the command path, when an event is tampered with on its way
// out of the store, then the first broken event is named by stream, streamVersion and position.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCommandExecutor } from '../../src/application/execute.js';
import { DamagedStoredEvent, type EventStore } from '../../src/ports/event-store.js';
import { comparePositions, type LogPosition, type RecordedEvent } from '../../src/domain/envelope.js';
import { createMemoryEventStore } from '../../src/index.js';
import { parseDigestClaim, verifyLog } from '../../src/integrity/verify.js';

const COMMANDS = [
  { type: 'RegisterSalesperson', commandId: 'c-1', occurredAt: '2024-01-02T09:00:00Z', salespersonId: 'sp-1', name: 'Wang Fang' },
  { type: 'RegisterClient', commandId: 'c-2', occurredAt: '2024-01-03T09:00:00Z', clientId: 'C-1', name: 'Acme', ownerId: 'sp-1' },
  { type: 'RegisterClient', commandId: 'c-3', occurredAt: '2024-01-03T10:00:00Z', clientId: 'C-2', name: 'Beta', ownerId: 'sp-1' },
  { type: 'RecordEngagement', commandId: 'c-4', occurredAt: '2024-01-25T08:00:00Z', clientId: 'C-1', engagementId: 'e-1', fee: 4800000, serviceLine: 'audit' },
  { type: 'RecordEngagement', commandId: 'c-5', occurredAt: '2024-02-25T08:00:00Z', clientId: 'C-1', engagementId: 'e-2', fee: 100000, serviceLine: 'tax' },
];

/** The memory store after the sample commands: 5 events in 3 streams. */
const sampleLog = async (): Promise<RecordedEvent[]> => {
  const store = createMemoryEventStore({ clock: () => new Date('2024-06-01T00:00:00Z') });
  const executor = createCommandExecutor({ store, occurredAt: 'required' });
  for (const command of COMMANDS) expect((await executor.execute(command)).status).toBe('applied');
  const events: RecordedEvent[] = [];
  for await (const batch of store.readAll()) events.push(...batch);
  return events;
};

/** A store whose readAll yields the given (possibly tampered) events, two to a batch. */
const fakeStore = (events: readonly RecordedEvent[]): Pick<EventStore, 'readAll'> => ({
  async *readAll() {
    for (let i = 0; i < events.length; i += 2) yield events.slice(i, i + 2);
  },
});

/** SPEC §6's digest, computed independently: SHA-256 hex of the hashes concatenated in order. */
const digestOf = (events: readonly RecordedEvent[]): string => createHash('sha256').update(events.map((e) => e.metadata.hash).join('')).digest('hex');

const indexOf = (events: readonly RecordedEvent[], stream: string, streamVersion: number): number =>
  events.findIndex((e) => e.stream === stream && e.streamVersion === streamVersion);

describe('verifyLog', () => {
  it('finds every chain intact in a log the command path wrote', async () => {
    const events = await sampleLog();
    expect(await verifyLog(fakeStore(events).readAll())).toEqual({ verified: true, events: 5, streams: 3, digest: digestOf(events), broken: null, digestCheck: null });
  });

  it('finds nothing wrong with an empty log', async () => {
    expect(await verifyLog(fakeStore([]).readAll())).toEqual({ verified: true, events: 0, streams: 0, digest: digestOf([]), broken: null, digestCheck: null });
  });

  it('names a tampered data field as a hash mismatch at that event, and still counts the whole log', async () => {
    const events = await sampleLog();
    const i = indexOf(events, 'client-C-1', 1);
    events[i] = { ...events[i]!, data: { ...events[i]!.data, fee: 4800001 } };
    const result = await verifyLog(fakeStore(events).readAll());
    expect(result).toMatchObject({ verified: false, events: 5, streams: 3 });
    expect(result.broken).toMatchObject({ stream: 'client-C-1', streamVersion: 1, position: 4, reason: 'hash mismatch' });
  });

  it('names a tampered stored hash at that event (its own hash no longer recomputes)', async () => {
    const events = await sampleLog();
    const i = indexOf(events, 'client-C-1', 1);
    events[i] = { ...events[i]!, metadata: { ...events[i]!.metadata, hash: 'f'.repeat(64) } };
    expect((await verifyLog(fakeStore(events).readAll())).broken).toMatchObject({ stream: 'client-C-1', streamVersion: 1, position: 4, reason: 'hash mismatch' });
  });

  it('names a tampered recordedAt (metadata is hashed too)', async () => {
    const events = await sampleLog();
    const i = indexOf(events, 'client-C-2', 0);
    events[i] = { ...events[i]!, metadata: { ...events[i]!.metadata, recordedAt: '2020-01-01T00:00:00.000Z' } };
    expect((await verifyLog(fakeStore(events).readAll())).broken).toMatchObject({ stream: 'client-C-2', streamVersion: 0, position: 3, reason: 'hash mismatch' });
  });

  it('names a missing event as a version gap at the event after it', async () => {
    const events = await sampleLog();
    events.splice(indexOf(events, 'client-C-1', 1), 1);
    const result = await verifyLog(fakeStore(events).readAll());
    expect(result).toMatchObject({ verified: false, events: 4, streams: 3 });
    expect(result.broken).toMatchObject({ stream: 'client-C-1', streamVersion: 2, position: 5, reason: 'version gap' });
    expect(result.broken?.detail).toMatch(/expected streamVersion 1, found 2/);
  });

  it('names the first broken event in global order when several are', async () => {
    const events = await sampleLog();
    const late = indexOf(events, 'client-C-1', 2);
    const early = indexOf(events, 'client-C-2', 0);
    events[late] = { ...events[late]!, type: 'ClientChurned' };
    events[early] = { ...events[early]!, data: { ...events[early]!.data, name: 'Gamma' } };
    expect((await verifyLog(fakeStore(events).readAll())).broken).toMatchObject({ stream: 'client-C-2', position: 3 });
  });
});

describe('verifyLog over a row that is no event any more', () => {
  /** readAll over `events` where the one at `damagedAt` throws DamagedStoredEvent, as a store's does. */
  const damagedStore = (events: readonly RecordedEvent[], damagedAt: number, hash: string | null) => {
    const damaged = events[damagedAt]!;
    const error = new DamagedStoredEvent(damaged.stream, damaged.streamVersion, damaged.position, hash, 'its data is not JSON');
    const readAll = async function* (after?: LogPosition) {
      const rest = after === undefined ? events : events.filter((e) => comparePositions(e.position, after) > 0);
      const cut = rest.indexOf(damaged);
      if (cut < 0) {
        yield rest;
        return;
      }
      if (cut > 0) yield rest.slice(0, cut);
      throw error;
    };
    return { readAll, damaged };
  };

  it('names it as unreadable, reads the rest of the log after it, and counts it', async () => {
    const events = await sampleLog();
    const at = indexOf(events, 'client-C-1', 1);
    const { readAll, damaged } = damagedStore(events, at, storedHash(events, at));
    const result = await verifyLog(readAll(), { readAfter: (after) => readAll(after) });
    expect(result).toMatchObject({ verified: false, events: 5, streams: 3, digest: digestOf(events) });
    expect(result.broken).toEqual({ stream: 'client-C-1', streamVersion: 1, position: 4, reason: 'unreadable', detail: 'its data is not JSON' });
    expect(damaged.streamVersion).toBe(1);
  });

  it('goes on from its stored hash, so the event after it in its stream still checks out', async () => {
    const events = await sampleLog();
    const at = indexOf(events, 'client-C-1', 1);
    const { readAll } = damagedStore(events, at, storedHash(events, at));
    const later = indexOf(events, 'client-C-1', 2);
    events[later] = { ...events[later]!, data: { ...events[later]!.data, fee: 1 } };
    // The first break is still the unreadable row; the tampered event after it is a second one.
    expect((await verifyLog(readAll(), { readAfter: (after) => readAll(after) })).broken).toMatchObject({ reason: 'unreadable', streamVersion: 1 });
  });

  it('names an earlier broken chain first', async () => {
    const events = await sampleLog();
    const early = indexOf(events, 'client-C-1', 0);
    events[early] = { ...events[early]!, data: { ...events[early]!.data, name: 'Other' } };
    const at = indexOf(events, 'client-C-1', 1);
    const { readAll } = damagedStore(events, at, null);
    expect((await verifyLog(readAll(), { readAfter: (after) => readAll(after) })).broken).toMatchObject({ reason: 'hash mismatch', streamVersion: 0 });
  });

  it('without readAfter, ends the walk with the row\'s DamagedStoredEvent', async () => {
    const events = await sampleLog();
    const { readAll } = damagedStore(events, 2, null);
    await expect(verifyLog(readAll())).rejects.toBeInstanceOf(DamagedStoredEvent);
  });
});

/** The stored hash of events[at], which a damaged row whose metadata still parses keeps. */
const storedHash = (events: readonly RecordedEvent[], at: number): string => events[at]!.metadata.hash;

describe('verifyLog with a kept digest', () => {
  const check = async (events: readonly RecordedEvent[], claim: { events: number; digest: string }) =>
    (await verifyLog(fakeStore(events).readAll(), { digest: claim })).digestCheck?.failure;

  it('passes a digest of the whole log, of any prefix, and of no events, and events appended since', async () => {
    const events = await sampleLog();
    for (let n = 0; n <= events.length; n++) expect(await check(events, { events: n, digest: digestOf(events.slice(0, n)) })).toBeNull();
    const result = await verifyLog(fakeStore(events).readAll(), { digest: { events: 3, digest: digestOf(events.slice(0, 3)) } });
    expect(result).toMatchObject({ verified: true, events: 5, digestCheck: { events: 3, failure: null } });
  });

  it('finds a removed tail event of a stream, which every chain still accepts', async () => {
    const events = await sampleLog();
    const kept = { events: 5, digest: digestOf(events) };
    const cut = events.filter((e) => !(e.stream === 'client-C-1' && e.streamVersion === 2));
    const result = await verifyLog(fakeStore(cut).readAll(), { digest: kept });
    expect(result.broken).toBeNull();
    expect(result).toMatchObject({ verified: false, digestCheck: { failure: 'log shorter than digest' } });
  });

  it('finds a removed whole stream, even after new events took the log back to its old length', async () => {
    const events = await sampleLog();
    const kept = { events: 5, digest: digestOf(events) };
    const withoutC2 = events.filter((e) => e.stream !== 'client-C-2');
    expect(await check(withoutC2, kept)).toBe('log shorter than digest');
    // One more event on another stream: five events again, but not the same five.
    const refilled = [...withoutC2, { ...events[4]!, streamVersion: 3 }];
    expect(await check(refilled, kept)).toBe('digest mismatch');
  });

  it('finds an edited event before N, and two events swapped in global order', async () => {
    const events = await sampleLog();
    const kept = { events: 4, digest: digestOf(events.slice(0, 4)) };
    const edited = events.map((e, i) => (i === 1 ? { ...e, metadata: { ...e.metadata, hash: 'e'.repeat(64) } } : e));
    expect(await check(edited, kept)).toBe('digest mismatch');
    const swapped = [events[0]!, events[2]!, events[1]!, ...events.slice(3)];
    expect(await check(swapped, kept)).toBe('digest mismatch');
  });

  it('ignores a change after N (the chain check is what finds that)', async () => {
    const events = await sampleLog();
    const kept = { events: 4, digest: digestOf(events.slice(0, 4)) };
    const late = events.map((e, i) => (i === 4 ? { ...e, data: { ...e.data, fee: 1 } } : e));
    const result = await verifyLog(fakeStore(late).readAll(), { digest: kept });
    expect(result.digestCheck?.failure).toBeNull();
    expect(result.broken).toMatchObject({ reason: 'hash mismatch', position: 5 });
  });
});

describe('parseDigestClaim', () => {
  it('reads N:HEX, hex in either case, and refuses anything else', () => {
    const hex = 'ab'.repeat(32);
    expect(parseDigestClaim(`12:${hex.toUpperCase()}`)).toEqual({ events: 12, digest: hex });
    expect(parseDigestClaim(`0:${hex}`)).toEqual({ events: 0, digest: hex });
    for (const bad of ['', hex, `12:${hex.slice(1)}`, `12:${hex}0`, `-1:${hex}`, `1.5:${hex}`, `012:${hex}`, `12:${'g'.repeat(64)}`, ` 12:${hex}`, `99999999999999999999:${hex}`]) {
      expect(parseDigestClaim(bad)).toBeNull();
    }
  });
});
