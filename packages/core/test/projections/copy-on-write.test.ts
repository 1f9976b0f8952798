// Copy on write, per batch: the clients projection changes a document its batch wrote in place,
// copies a committed one once, and never changes a committed one. Folded here through the runner's
// own Overlay (the view that says which documents a batch wrote), with every committed document
// deep-frozen, so a mutation of one throws instead of passing unnoticed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ClientDoc, ClientsCollections } from '../../src/projections/clients/documents.js';
import { clientsProjection, evolveClientDoc } from '../../src/projections/clients/projection.js';
import { ChunkText, historyKey, historyProjection, type HistoryCollections } from '../../src/projections/history/projection.js';
import { writtenInBatch, type ProjectedEvent, type ReadModelView } from '../../src/projections/projection.js';
import { foldEvent, ProjectionFailure, type AnyProjection } from '../../src/projections/runner/fold.js';
import { salespeopleProjection } from '../../src/projections/salespeople/projection.js';
import type { SalespeopleCollections } from '../../src/projections/salespeople/documents.js';
import { emptyCollections, Overlay, type Collections } from '../../src/projections/runner/overlay.js';
import { sequencePosition, type RecordedEvent } from '../../src/domain/envelope.js';
import { project } from '../reports/support/fold.js';
import { createLog } from '../reports/support/log.js';
import { arbitraryLog } from '../reports/support/random-log.js';

const deepFreeze = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
};

// foldEvent names a failing event by its stored coordinates; these tests need no more than that.
const recordedOf = (e: ProjectedEvent): RecordedEvent => ({
  stream: e.stream,
  streamVersion: e.streamVersion,
  position: sequencePosition(1),
  type: e.event.type,
  data: e.event.data as Record<string, unknown>,
  metadata: { occurredAt: '', recordedAt: '', actor: 'test', commandId: null, correlationId: null, causationId: null, schemaVersion: 1, hash: '' },
});

/** Folds `events` as a runner does: one Overlay per batch, merged once the batch is "stored". */
const foldInBatches = (projection: AnyProjection, events: readonly ProjectedEvent[], sizes: readonly number[]): Collections => {
  const committed = emptyCollections(projection.collections);
  let i = 0;
  for (const size of [...sizes, events.length]) {
    if (i >= events.length) break;
    const overlay = new Overlay(committed);
    for (const event of events.slice(i, i + Math.max(1, size))) {
      try {
        foldEvent(projection, overlay, event, recordedOf(event));
      } catch (failure) {
        if (!(failure instanceof ProjectionFailure)) throw failure;
      }
    }
    i += Math.max(1, size);
    overlay.mergeInto();
    for (const map of Object.values(committed)) for (const doc of map.values()) deepFreeze(doc);
  }
  return committed;
};

const clients = (overlay: Overlay) => (overlay.view as unknown as ReadModelView<ClientsCollections>).clients;

const batchSizes = fc.array(fc.integer({ min: 1, max: 25 }), { maxLength: 40, size: 'max' });

describe('clients projection, copy on write per batch', () => {
  it('over any batch split equals the pure fold, and never changes a committed document (clients and salespeople)', () => {
    fc.assert(
      fc.property(arbitraryLog(), batchSizes, (log, sizes) => {
        for (const projection of [clientsProjection, salespeopleProjection] as AnyProjection[]) {
          const folded = foldInBatches(projection, log.events, sizes);
          const reference = project(projection, log.events) as Record<string, Map<string, unknown>>;
          for (const collection of projection.collections) expect(Object.fromEntries(folded[collection]!)).toEqual(Object.fromEntries(reference[collection]!));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('changes the document its batch wrote in place, and copies a committed one once, sharing no array with it', () => {
    const log = createLog()
      .salesperson('S1', '2024-01-01T00:00:00Z')
      .register('C1', 'S1', '2024-01-02T00:00:00Z')
      .engage('C1', 'E1', 100_000, '2024-01-03T00:00:00Z')
      .complain('C1', 'K1', '2024-01-04T00:00:00Z')
      .resolve('C1', 'K1', '2024-01-05T00:00:00Z')
      .engage('C1', 'E2', 50_000, '2024-01-06T00:00:00Z');
    const [, registered, engaged, complained, resolved, again] = log.events as [ProjectedEvent, ...ProjectedEvent[]];
    const committed = emptyCollections(clientsProjection.collections);

    const first = new Overlay(committed);
    foldEvent(clientsProjection, first, registered!, recordedOf(registered!));
    const written = clients(first).get('C1');
    expect(writtenInBatch(clients(first), 'C1')).toBe(true);
    foldEvent(clientsProjection, first, engaged!, recordedOf(engaged!));
    expect(clients(first).get('C1')).toBe(written);
    expect(written!.fees).toEqual([Date.parse('2024-01-03T00:00:00Z'), 100_000, 0, 0]);
    first.mergeInto();

    const stored = committed['clients']!.get('C1') as ClientDoc;
    const before = JSON.stringify(stored);
    const second = new Overlay(committed);
    expect(writtenInBatch(clients(second), 'C1')).toBe(false);
    foldEvent(clientsProjection, second, complained!, recordedOf(complained!));
    const copy = clients(second).get('C1')!;
    expect(copy).not.toBe(stored);
    for (const timeline of ['stages', 'owners', 'fees', 'churns', 'complaints', 'complaintIds'] as const) expect(copy[timeline]).not.toBe(stored[timeline]);
    foldEvent(clientsProjection, second, resolved!, recordedOf(resolved!));
    foldEvent(clientsProjection, second, again!, recordedOf(again!));
    expect(clients(second).get('C1')).toBe(copy);
    expect(copy.complaintIds).toEqual(['K1']);
    expect(copy.fees).toHaveLength(8);
    expect(JSON.stringify(stored)).toBe(before);
  });

  it('leaves the document its batch wrote as it was when an event fails on it', () => {
    const log = createLog()
      .salesperson('S1', '2024-01-01T00:00:00Z')
      .register('C1', 'S1', '2024-01-02T00:00:00Z')
      .engage('C1', 'E1', 100_000, '2024-01-03T00:00:00Z')
      .churn('C1', 'competitor', '2024-01-04T00:00:00Z');
    const overlay = new Overlay(emptyCollections(clientsProjection.collections));
    for (const event of log.events) foldEvent(clientsProjection, overlay, event, recordedOf(event));
    const doc = clients(overlay).get('C1')!;
    const before = JSON.stringify(doc);
    // Engaging a churned client is refused by the decider; a log that has it anyway is parked.
    const bad: ProjectedEvent = { ...log.events[2]!, streamVersion: 3, event: { type: 'ClientEngaged', data: { clientId: 'C1', engagementId: 'E9', fee: 1, serviceLine: 'x' } } };
    expect(() => foldEvent(clientsProjection, overlay, bad, recordedOf(bad))).toThrow(ProjectionFailure);
    expect(clients(overlay).get('C1')).toBe(doc);
    expect(JSON.stringify(doc)).toBe(before);
  });

  it('is pure unless told the document is the caller own: the history report folds a stored stream', () => {
    const log = createLog().salesperson('S1', '2024-01-01T00:00:00Z').register('C1', 'S1', '2024-01-02T00:00:00Z');
    const registered = log.events[1]!;
    const doc = deepFreeze(evolveClientDoc(undefined, registered.event as Parameters<typeof evolveClientDoc>[1], registered.occurredAt));
    const next = evolveClientDoc(doc, { type: 'ClientReassigned', data: { clientId: 'C1', ownerId: 'S2', previousOwnerId: 'S1' } }, registered.occurredAt + 1);
    expect(next).not.toBe(doc);
    expect(doc.owners).toHaveLength(2);
    expect(next.owners).toHaveLength(4);
  });
});

describe('history projection, copy on write per batch', () => {
  it('adds to the chunk its batch wrote in place, and copies a committed chunk once, leaving it as it was', () => {
    const log = createLog().salesperson('S1', '2024-01-01T00:00:00Z').register('C1', 'S1', '2024-01-02T00:00:00Z');
    for (let day = 3; day <= 6; day++) log.contact('C1', 'call', `2024-01-0${day}T00:00:00Z`);
    const events = log.events.slice(1).map((e) => ({ ...e, recorded: recordedOf(e) }));
    const committed = emptyCollections(historyProjection.collections);
    const chunks = (overlay: Overlay) => (overlay.view as unknown as ReadModelView<HistoryCollections>).chunks;
    const key = historyKey('client-C1', 0);

    const first = new Overlay(committed);
    for (const e of events.slice(0, 3)) foldEvent(historyProjection, first, e, e.recorded);
    const written = chunks(first).get(key);
    expect(written).toBeInstanceOf(ChunkText);
    expect((written as ChunkText).entries).toHaveLength(3);
    first.mergeInto();

    const stored = committed['chunks']!.get(key) as ChunkText;
    const before = stored.json;
    const second = new Overlay(committed);
    foldEvent(historyProjection, second, events[3]!, events[3]!.recorded);
    const copy = chunks(second).get(key) as ChunkText;
    expect(copy).not.toBe(stored);
    foldEvent(historyProjection, second, events[4]!, events[4]!.recorded);
    expect(chunks(second).get(key)).toBe(copy);
    expect(copy.entries.map((entry) => entry[0])).toEqual(['0', '1', '2', '3', '4']);
    expect(copy.last).toBe(4);
    expect(stored.json).toBe(before);
    expect(stored.last).toBe(2);
  });
});

describe('salespeople projection, copy on write per batch', () => {
  it('adds a contact to the bucket its batch wrote in place, in time order, and copies a committed bucket once', () => {
    const log = createLog().salesperson('S1', '2024-01-01T00:00:00Z');
    for (const [c, hour] of [[1, '10'], [2, '09'], [3, '12'], [4, '11']] as const) log.register(`C${c}`, 'S1', '2024-01-02T00:00:00Z').contact(`C${c}`, 'visit', `2024-01-03T${hour}:00:00Z`);
    const contacts = log.events.filter((e) => e.event.type === 'ClientContacted');
    const committed = emptyCollections(salespeopleProjection.collections);
    const buckets = (overlay: Overlay) => (overlay.view as unknown as ReadModelView<SalespeopleCollections>).contacts;
    const key = 'S1:2024-01-03';
    const fold = (overlay: Overlay, e: ProjectedEvent) => foldEvent(salespeopleProjection, overlay, e, recordedOf(e));

    const first = new Overlay(committed);
    fold(first, log.events[0]!);
    fold(first, contacts[0]!);
    const written = buckets(first).get(key)!;
    fold(first, contacts[1]!);
    expect(buckets(first).get(key)).toBe(written);
    first.mergeInto();

    const stored = buckets(new Overlay(committed)).get(key)!;
    const before = JSON.stringify(stored);
    const second = new Overlay(committed);
    fold(second, contacts[2]!);
    const copy = buckets(second).get(key)!;
    expect(copy).not.toBe(stored);
    expect(copy.contacts).not.toBe(stored.contacts);
    fold(second, contacts[3]!);
    expect(buckets(second).get(key)).toBe(copy);
    expect(copy.contacts.map((c) => new Date(c.at).getUTCHours())).toEqual([9, 10, 11, 12]);
    expect(JSON.stringify(stored)).toBe(before);
  });
});
