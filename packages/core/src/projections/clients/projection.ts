// The `clients` projection: folds each client stream into its timelines (documents.ts), and keeps
// the greatest occurredAt of the whole log in `meta`.
import { isAcquisition, stageAfter } from '../../domain/client/stage.js';
import type { ClientEvent, DomainEvent } from '../../domain/events.js';
import { isClientEvent } from '../../domain/stream-kinds.js';
import { writtenInBatch, type DocumentChange, type Projection } from '../projection.js';
import {
  CATEGORY_CODES,
  CHURN_REASON_CODES,
  codeOf,
  COMPLAINT_WIDTH,
  FEE_KIND_CODES,
  META_KEY,
  OWNER_WIDTH,
  SEVERITY_CODES,
  STAGE_CODES,
  type ClientDoc,
  type ClientsCollections,
} from './documents.js';
import { lifetimeOf, stageCount, stageOf } from './timeline.js';

/** A client's document being changed: the caller's own (copied, or written by this batch). */
type ClientDraft = { -readonly [K in keyof ClientDoc]: ClientDoc[K] extends readonly (infer E)[] ? E[] : ClientDoc[K] };

/** A copy of every timeline: a draft shares no array with the document it came from. */
const draftOf = (doc: ClientDoc): ClientDraft => ({
  ...doc,
  stages: doc.stages.slice(),
  owners: doc.owners.slice(),
  fees: doc.fees.slice(),
  churns: doc.churns.slice(),
  complaints: doc.complaints.slice(),
  complaintIds: doc.complaintIds.slice(),
});

/** The document to change: `doc` itself when the caller owns it (inPlace), else a draft of it. */
const draftFor = (doc: ClientDoc, inPlace: boolean): ClientDraft => (inPlace ? (doc as ClientDraft) : draftOf(doc));

/**
 * The next version of a client's document, or the same object when the event changes nothing
 * (a contact after the prospect stage). Pure unless `inPlace`: `doc` is then the caller's to change
 * (a document its batch wrote: see writtenInBatch) and is changed and returned instead of copied.
 * Every check is made before the first change, so an event that fails leaves `doc` as it was.
 * Shared with the history report, so a client's state at T is computed one way only.
 */
export const evolveClientDoc = (doc: ClientDoc | undefined, event: ClientEvent, at: number, inPlace = false): ClientDoc => {
  if (event.type === 'ClientRegistered') {
    const { clientId, name, ownerId } = event.data;
    return {
      clientId,
      name,
      registeredAt: at,
      stages: [at, codeOf(STAGE_CODES, stageAfter(null, event)), 1],
      owners: [at, ownerId],
      fees: [],
      churns: [],
      complaints: [],
      complaintIds: [],
    };
  }
  if (doc === undefined) throw new Error(`${event.type} for unregistered client ${event.data.clientId}`);
  const current = stageCount(doc) - 1;
  if (current < 0) throw new Error(`client ${doc.clientId} has no stage`);
  const stage = stageOf(doc, current);
  const lifetime = lifetimeOf(doc, current);
  // The owner in place now, as the index of its entry: the last one.
  const owner = doc.owners.length / OWNER_WIDTH - 1;
  if (owner < 0) throw new Error(`client ${doc.clientId} has no owner`);
  switch (event.type) {
    case 'ClientReassigned': {
      const next = draftFor(doc, inPlace);
      next.owners.push(at, event.data.ownerId);
      return next;
    }
    case 'ClientContacted': {
      const after = stageAfter(stage, event);
      if (after === stage) return doc;
      const code = codeOf(STAGE_CODES, after);
      const next = draftFor(doc, inPlace);
      next.stages.push(at, code, lifetime);
      return next;
    }
    case 'ClientEngaged': {
      const { fee } = event.data;
      if (stage === 'churned') throw new Error(`ClientEngaged for churned client ${doc.clientId}`);
      const acquisition = isAcquisition(stage, event);
      const stageCode = acquisition ? codeOf(STAGE_CODES, stageAfter(stage, event)) : -1;
      const kind = codeOf(FEE_KIND_CODES, acquisition ? 'acquisition' : 'repeat');
      const next = draftFor(doc, inPlace);
      if (acquisition) next.stages.push(at, stageCode, lifetime);
      next.fees.push(at, fee, owner, kind);
      return next;
    }
    case 'ClientReactivated': {
      const stageCode = codeOf(STAGE_CODES, stageAfter(stage, event));
      const kind = codeOf(FEE_KIND_CODES, 'reactivation');
      const next = draftFor(doc, inPlace);
      next.stages.push(at, stageCode, event.data.lifetime);
      next.fees.push(at, event.data.fee, owner, kind);
      return next;
    }
    case 'ClientChurned': {
      const stageCode = codeOf(STAGE_CODES, stageAfter(stage, event));
      const reason = codeOf(CHURN_REASON_CODES, event.data.reason);
      const next = draftFor(doc, inPlace);
      next.stages.push(at, stageCode, lifetime);
      next.churns.push(at, reason, owner);
      return next;
    }
    case 'ClientComplained': {
      const { complaintId, category, severity } = event.data;
      const categoryCode = codeOf(CATEGORY_CODES, category);
      const severityCode = codeOf(SEVERITY_CODES, severity);
      const next = draftFor(doc, inPlace);
      next.complaints.push(at, categoryCode, severityCode, owner, 0, -1);
      next.complaintIds.push(complaintId);
      return next;
    }
    case 'ComplaintResolved': {
      const { complaintId } = event.data;
      const next = draftFor(doc, inPlace);
      next.complaintIds.forEach((id, i) => {
        if (id !== complaintId) return;
        next.complaints[i * COMPLAINT_WIDTH + 4] = at;
        next.complaints[i * COMPLAINT_WIDTH + 5] = owner;
      });
      return next;
    }
    default: {
      const unhandled: never = event;
      throw new Error(`unhandled client event ${(unhandled as DomainEvent).type}`);
    }
  }
};

export const clientsProjection: Projection<ClientsCollections> = {
  name: 'clients',
  // 2: complaints keep their category and severity (the complaints report, SPEC §4.8).
  // 3: timelines as flat arrays of fixed-width entries instead of arrays of objects.
  version: 3,
  collections: ['clients', 'meta'],
  handle: ({ event, occurredAt }, view) => {
    const changes: DocumentChange<ClientsCollections>[] = [];
    const meta = view.meta.get(META_KEY);
    if (meta === undefined || occurredAt > meta.lastOccurredAt) {
      changes.push({ collection: 'meta', key: META_KEY, doc: { lastOccurredAt: occurredAt } });
    }
    if (isClientEvent(event)) {
      const key = event.data.clientId;
      const before = view.clients.get(key);
      const written = writtenInBatch(view.clients, key);
      const after = evolveClientDoc(before, event, occurredAt, written);
      // A document this batch wrote may have been changed in place (after === before).
      if (after !== before || written) changes.push({ collection: 'clients', key, doc: after });
    }
    return changes;
  },
};
