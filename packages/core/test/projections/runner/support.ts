// Shared pieces of the runner tests: two tiny projections, a way to write domain events, and the
// in-memory stores.
import {
  sequencePosition,
  type EventStore,
  type LogPosition,
  type NewEvent,
  type RecordedEvent,
  createMemoryEventStore,
  createMemoryReadModelStore,
  streamCollection,
} from '@rapport/core';
import { isLeft } from 'fp-ts/lib/Either.js';
import type { Projection, ReadModelView, ReadModelStore } from '@rapport/core';

export { createMemoryEventStore, createMemoryReadModelStore };

export interface StreamCount {
  readonly events: number;
  readonly lastType: string;
  readonly lastOccurredAt: number;
}
export interface Total {
  readonly events: number;
}
export type CountsCollections = { streams: StreamCount; totals: Total };

/** Counts events per stream and in all: every event changes two documents, one of them shared. */
export const countsProjection = (version = 1): Projection<CountsCollections> => ({
  name: 'counts',
  version,
  collections: ['streams', 'totals'],
  handle: (e, view) => [
    {
      collection: 'streams',
      key: e.stream,
      doc: { events: (view.streams.get(e.stream)?.events ?? 0) + 1, lastType: e.event.type, lastOccurredAt: e.occurredAt },
    },
    { collection: 'totals', key: 'all', doc: { events: (view.totals.get('all')?.events ?? 0) + 1 } },
  ],
});

export type FeesCollections = { clients: { readonly fees: number } };

/** Sums fees per client: most events change nothing, which a batch must still checkpoint. */
export const feesProjection: Projection<FeesCollections> = {
  name: 'fees',
  version: 1,
  collections: ['clients'],
  handle: (e, view) => {
    const { event } = e;
    if (event.type !== 'ClientEngaged' && event.type !== 'ClientReactivated') return [];
    const key = event.data.clientId;
    return [{ collection: 'clients', key, doc: { fees: (view.clients.get(key)?.fees ?? 0) + event.data.fee } }];
  },
};

const T0 = Date.parse('2024-01-01T00:00:00.000Z');

export const newEvent = (type: string, data: Record<string, unknown>, occurredAt = T0): NewEvent => ({
  type,
  data,
  metadata: { occurredAt: new Date(occurredAt).toISOString(), actor: 'test', commandId: null, correlationId: null, causationId: null, schemaVersion: 1 },
});

/** What a history step does to client `C<client>`; the first step of a client registers it. */
export interface Step {
  readonly client: number;
  readonly fee: number;
}

/** Appends a history: each step one event, in order; returns the events as stored. */
export const appendSteps = async (store: EventStore, steps: readonly Step[]): Promise<RecordedEvent[]> => {
  const versions = new Map<number, number>();
  const stored: RecordedEvent[] = [];
  for (const [i, { client, fee }] of steps.entries()) {
    const id = `C${client}`;
    const version = versions.get(client);
    const event =
      version === undefined
        ? newEvent('ClientRegistered', { clientId: id, name: `Client ${client}`, ownerId: 'S1' }, T0 + i * 60_000)
        : fee === 0
          ? newEvent('ClientContacted', { clientId: id, channel: 'call', salespersonId: 'S1' }, T0 + i * 60_000)
          : newEvent('ClientEngaged', { clientId: id, engagementId: `E${i}`, fee }, T0 + i * 60_000);
    const result = await store.append({ stream: `client-${id}`, expected: version ?? 'no-stream', events: [event] });
    if (isLeft(result)) throw new Error(`append failed: ${JSON.stringify(result.left)}`);
    stored.push(...result.right);
    versions.set(client, (version ?? -1) + 1);
  }
  return stored;
};

/** A view as plain sorted data, for whole-value comparison. */
export const plain = (view: ReadModelView<Record<string, unknown>>): Record<string, [string, unknown][]> =>
  Object.fromEntries(
    Object.entries(view)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([name, map]) => [name, [...map.entries()].sort(([a], [b]) => (a < b ? -1 : 1))]),
  );

/** The live generation in the store as plain sorted data, shaped like `plain`. */
export const stored = async (store: ReadModelStore, projection: { readonly name: string; readonly collections: readonly string[] }) => {
  const live = await store.head(projection.name);
  if (live === null) return null;
  const byCollection: Record<string, [string, unknown][]> = Object.fromEntries(projection.collections.map((c) => [c, []]));
  for (const collection of projection.collections) {
    for await (const d of streamCollection(store, projection.name, live.generation, collection, { limit: 3 })) byCollection[collection]!.push([d.key, d.doc]);
  }
  return { generation: live.generation, version: live.version, checkpoint: live.checkpoint, documents: byCollection };
};

/** The live documents in the store, shaped like `plain`; null when never built. */
export const liveDocuments = async (store: ReadModelStore, projection: { readonly name: string; readonly collections: readonly string[] }) =>
  (await stored(store, projection))?.documents ?? null;

/** One live document in the store. */
export const liveDocument = async (store: ReadModelStore, projection: string, collection: string, key: string): Promise<unknown> => {
  const live = await store.head(projection);
  return live === null ? undefined : (await store.get(projection, live.generation, collection, [key])).get(key);
};

export const at = (n: number): LogPosition => sequencePosition(n);

/** A read-model store whose calls can be made to fail or wait, to test what the runner does then. */
export const instrumented = (inner: ReadModelStore) => {
  const hooks: {
    beforeApply?: (generation: number) => Promise<void> | void;
    beforeActivate?: (projection: string, generation: number) => Promise<void> | void;
  } = {};
  /** Calls to each read, to show what a runner reads. */
  const reads = { get: 0, scan: 0 };
  const store: ReadModelStore = {
    ...inner,
    get: (...args) => {
      reads.get++;
      return inner.get(...args);
    },
    scan: (...args) => {
      reads.scan++;
      return inner.scan(...args);
    },
    applyBatch: async (projection, generation, changes, move) => {
      await hooks.beforeApply?.(generation);
      return inner.applyBatch(projection, generation, changes, move);
    },
    activate: async (projection, generation) => {
      await hooks.beforeActivate?.(projection, generation);
      return inner.activate(projection, generation);
    },
  };
  return { store, hooks, reads };
};
