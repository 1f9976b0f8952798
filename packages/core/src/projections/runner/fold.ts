// Folding stored events through projections, shared by the runner and by pure in-memory folds
// (`--known-at`, tests). A stored event that does not decode, or a handler that throws, stops the
// fold with the event's coordinates: skipping it would silently make every report wrong.
import { isLeft } from 'fp-ts/lib/Either.js';
import { UndecodableEvent } from '../../application/snapshot.js';
import { decodeEvent } from '../../domain/events.js';
import { fastDecodeEvent } from '../../domain/fast-event.js';
import { instantMs } from '../../domain/time/instant-ms.js';
import { type RecordedEvent } from '../../domain/envelope.js';
import type { CollectionTypes, ProjectedEvent, Projection, ReadModelView } from '../projection.js';
import { DocumentNotCached } from './cache.js';
import { Overlay, emptyCollections, type Collections } from './overlay.js';

/**
 * A projection of any collection types. A runner drives several with different types; TypeScript
 * has no existential type, and `handle` takes the view contravariantly, so only `any` admits them.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyProjection = Projection<any>;

/** Read access to folded projections, live (the runner) or computed on the spot (`foldAll`). */
export interface ProjectionViews {
  /** The documents of a projection, by name or by the projection itself (which also types them). */
  view<C extends CollectionTypes = CollectionTypes>(projection: string | Projection<C>): ReadModelView<C>;
}

/** A projection or its handler failed on an event: nothing from that event on was folded. */
export class ProjectionFailure extends Error {
  override readonly name = 'ProjectionFailure';
}

/** How an event is named in errors: where it sits in the log and in its stream. */
export const describeEvent = (e: RecordedEvent): string => {
  const { commit, prepare } = e.position;
  const position = commit === prepare ? `${commit}` : `${commit}/${prepare}`;
  return `event at position ${position} (stream ${e.stream}, streamVersion ${e.streamVersion}, type ${e.type})`;
};

type DecodeErrors = Extract<ReturnType<typeof decodeEvent>, { readonly _tag: 'Left' }>['left'];

const describeFailure = (errors: DecodeErrors): string => {
  const first = errors[0];
  if (first === undefined) return 'invalid';
  if (first.message !== undefined) return first.message;
  const path = first.context.map((c) => c.key).filter((k) => k !== '' && !/^\d+$/.test(k)).join('.');
  const rule = first.context[first.context.length - 1]?.type.name ?? 'valid';
  return `${path || 'event'} must be ${rule}, got ${JSON.stringify(first.value) ?? String(first.value)}`;
};

/** Decodes a stored event for projections; throws UndecodableEvent naming it and the failure. */
export const projectEvent = (recorded: RecordedEvent): ProjectedEvent => {
  // Nearly every stored event is plainly valid: the fast check says so without io-ts.
  let event = fastDecodeEvent(recorded.type, recorded.data);
  if (event === undefined) {
    const decoded = decodeEvent(recorded.type, recorded.data);
    if (isLeft(decoded)) {
      throw new UndecodableEvent(`${describeEvent(recorded)} does not decode: ${describeFailure(decoded.left)}`);
    }
    event = decoded.right;
  }
  return {
    position: recorded.position,
    stream: recorded.stream,
    streamVersion: recorded.streamVersion,
    occurredAt: instantMs(recorded.metadata.occurredAt),
    recordedAt: instantMs(recorded.metadata.recordedAt),
    event,
    recorded,
  };
};

/** Folds one event into a batch's overlay: the handler reads through it and its changes land in it. */
export const foldEvent = (projection: AnyProjection, overlay: Overlay, event: ProjectedEvent, recorded: RecordedEvent): void => {
  let changes;
  try {
    changes = projection.handle(event, overlay.view);
  } catch (cause) {
    // Not the handler's failure: the runner reads the document and folds the event again.
    if (cause instanceof DocumentNotCached) throw cause;
    throw new ProjectionFailure(`projection ${projection.name} failed on ${describeEvent(recorded)}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
  // Every change checked before any is made: an event that fails leaves nothing behind (it is parked).
  for (const change of changes) {
    if (!overlay.declares(change.collection)) {
      throw new ProjectionFailure(
        `projection ${projection.name} wrote to collection "${change.collection}", which it does not declare, on ${describeEvent(recorded)}`,
      );
    }
  }
  for (const change of changes) overlay.set(change.collection, change.key, change.doc);
};

/** Collections as a view: read-only to its users, and one object per generation. */
export const viewOf = (collections: Collections): ReadModelView<CollectionTypes> => Object.freeze({ ...collections });

/**
 * Looks views up by projection name or object. Asserting the document types is safe only because
 * a projection's collections hold exactly what its `handle` returned; this is the one place it is done.
 */
export const viewsOf = (
  known: readonly string[],
  lookup: (name: string) => ReadModelView<CollectionTypes> | undefined,
  notLoaded: string,
): ProjectionViews => ({
  view: <C extends CollectionTypes>(projection: string | Projection<C>) => {
    const name = typeof projection === 'string' ? projection : projection.name;
    const view = lookup(name);
    if (view !== undefined) return view as ReadModelView<C>;
    if (known.includes(name)) throw new Error(`projection ${name} ${notLoaded}`);
    throw new RangeError(`unknown projection "${name}"; known: ${known.join(', ')}`);
  },
});

/**
 * Folds events (one by one or in the batches `readAll` yields) through projections in memory, with
 * no store. `filter` picks the events to fold, e.g. `knownAt(T)`.
 */
export const foldAll = async (
  projections: readonly AnyProjection[],
  events: Iterable<RecordedEvent | readonly RecordedEvent[]> | AsyncIterable<RecordedEvent | readonly RecordedEvent[]>,
  filter: (event: RecordedEvent) => boolean = () => true,
): Promise<ProjectionViews> => {
  const folded = projections.map((p) => ({ projection: p, collections: emptyCollections(p.collections) }));
  // One overlay for the whole fold: nothing is committed anywhere, so merging once at the end is enough.
  const overlays = folded.map(({ projection, collections }) => [projection, new Overlay(collections)] as const);
  const fold = (recorded: RecordedEvent): void => {
    if (!filter(recorded)) return;
    // As the runner does: an event that does not decode, or that a projection fails on, is left
    // out (the live read models list it as parked), and nothing of it is folded.
    let event: ProjectedEvent;
    try {
      event = projectEvent(recorded);
    } catch (failure) {
      if (failure instanceof UndecodableEvent) return;
      throw failure;
    }
    for (const [projection, overlay] of overlays) {
      try {
        foldEvent(projection, overlay, event, recorded);
      } catch (failure) {
        if (!(failure instanceof ProjectionFailure)) throw failure;
      }
    }
  };
  for await (const item of events) {
    if (isBatch(item)) for (const recorded of item) fold(recorded);
    else fold(item);
  }
  for (const [, overlay] of overlays) overlay.mergeInto();
  const views = new Map(folded.map(({ projection, collections }) => [projection.name, viewOf(collections)]));
  return viewsOf([...views.keys()], (name) => views.get(name), 'was not folded');
};

const isBatch = (item: RecordedEvent | readonly RecordedEvent[]): item is readonly RecordedEvent[] => Array.isArray(item);

/**
 * A foldAll filter: the events recorded at or before `t` (epoch ms) — what the firm knew then — taken
 * as a prefix of each stream. A writer's clock that stepped back can record a stream's later event
 * before its earlier one; the later was decided on the earlier, so it is not known without it, and
 * a stream's events from its first one recorded after `t` on are all left out. Events must come in
 * log order (each stream's in version order), as readAll and readStream give them; one filter per
 * fold, as it remembers the streams it has cut.
 */
export const knownAt = (t: number): ((event: RecordedEvent) => boolean) => {
  const cut = new Set<string>();
  return (event) => {
    if (cut.size > 0 && cut.has(event.stream)) return false;
    if (Date.parse(event.metadata.recordedAt) <= t) return true;
    cut.add(event.stream);
    return false;
  };
};
