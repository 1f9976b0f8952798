// Folds events through a projection the way a runner would, without being one: changes of a batch
// are overlaid on the committed state and committed at the end of the batch. Every stored document
// is deep-frozen, so a handler that mutates what it reads from the view throws.
import type { CollectionTypes, ProjectedEvent, Projection, ReadModelView } from '../../../src/projections/projection.js';
import { clientsProjection } from '../../../src/projections/clients/projection.js';
import { salespeopleProjection } from '../../../src/projections/salespeople/projection.js';
import type { ReportViews } from '../../../src/reports/report-views.js';

export type Store<C extends CollectionTypes> = { [K in keyof C]: Map<string, C[K]> };

const deepFreeze = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
};

const emptyStore = <C extends CollectionTypes>(projection: Projection<C>): Store<C> =>
  Object.fromEntries(projection.collections.map((c) => [c, new Map()])) as unknown as Store<C>;

const overlayView = <C extends CollectionTypes>(base: Store<C>, pending: Store<C>): ReadModelView<C> => {
  const view: Record<string, ReadonlyMap<string, unknown>> = {};
  for (const name of Object.keys(base)) {
    const committed = base[name as keyof C] as Map<string, unknown>;
    const changed = pending[name as keyof C] as Map<string, unknown>;
    const merged = new Map(committed);
    for (const [k, v] of changed) merged.set(k, v);
    // A plain merged copy is slow but obviously right; tests fold at most a few hundred events.
    view[name] = merged;
  }
  return view as ReadModelView<C>;
};

/** Folds `events` in batches of the given sizes (the rest in one last batch). */
export const project = <C extends CollectionTypes>(
  projection: Projection<C>,
  events: readonly ProjectedEvent[],
  batchSizes: readonly number[] = [],
): Store<C> => {
  const base = emptyStore(projection);
  let i = 0;
  const sizes = [...batchSizes, events.length];
  for (const size of sizes) {
    if (i >= events.length) break;
    const pending = emptyStore(projection);
    for (const event of events.slice(i, i + Math.max(1, size))) {
      for (const change of projection.handle(event, overlayView(base, pending))) {
        (pending[change.collection] as Map<string, unknown>).set(change.key, deepFreeze(change.doc));
      }
    }
    i += Math.max(1, size);
    for (const name of Object.keys(pending)) {
      const target = base[name as keyof C] as Map<string, unknown>;
      for (const [k, v] of pending[name as keyof C] as Map<string, unknown>) target.set(k, v);
    }
  }
  return base;
};

/** A fast single-pass fold for bigger logs: the view is the store itself. */
export const projectFast = <C extends CollectionTypes>(projection: Projection<C>, events: readonly ProjectedEvent[]): Store<C> => {
  const store = emptyStore(projection);
  for (const event of events) {
    for (const change of projection.handle(event, store as ReadModelView<C>)) {
      (store[change.collection] as Map<string, unknown>).set(change.key, change.doc);
    }
  }
  return store;
};

export const viewsOf = (events: readonly ProjectedEvent[]): ReportViews => ({
  clients: project(clientsProjection, events),
  salespeople: project(salespeopleProjection, events),
});
