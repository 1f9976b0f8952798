// The `clients` projection: folds each client stream into its timelines (documents.ts), and keeps
// the greatest occurredAt of the whole log in `meta`.
import { isAcquisition, stageAfter } from '../../domain/client/stage.js';
import type { ClientEvent, DomainEvent } from '../../domain/events.js';
import { isClientEvent } from '../../domain/stream-kinds.js';
import type { DocumentChange, Projection } from '../projection.js';
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
  type FeeKind,
  type StageEntry,
  type Timeline,
} from './documents.js';
import { lifetimeOf, stageCount, stageOf } from './timeline.js';
import type { Stage } from '../../domain/vocabulary.js';

const enter = (doc: ClientDoc, at: number, stage: Stage, lifetime: number): Timeline<StageEntry> => [...doc.stages, at, codeOf(STAGE_CODES, stage), lifetime];

const withFee = (doc: ClientDoc, at: number, fee: number, owner: number, kind: FeeKind): ClientDoc['fees'] =>
  [...doc.fees, at, fee, owner, codeOf(FEE_KIND_CODES, kind)];

/**
 * The next version of a client's document, or the same object when the event changes nothing
 * (a contact after the prospect stage). Pure: `doc` is never mutated. Shared with the history
 * report, so a client's state at T is computed one way only.
 */
export const evolveClientDoc = (doc: ClientDoc | undefined, event: ClientEvent, at: number): ClientDoc => {
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
    case 'ClientReassigned':
      return { ...doc, owners: [...doc.owners, at, event.data.ownerId] };
    case 'ClientContacted': {
      const next = stageAfter(stage, event);
      return next === stage ? doc : { ...doc, stages: enter(doc, at, next, lifetime) };
    }
    case 'ClientEngaged': {
      const { fee } = event.data;
      if (stage === 'churned') throw new Error(`ClientEngaged for churned client ${doc.clientId}`);
      if (!isAcquisition(stage, event)) return { ...doc, fees: withFee(doc, at, fee, owner, 'repeat') };
      return { ...doc, stages: enter(doc, at, stageAfter(stage, event), lifetime), fees: withFee(doc, at, fee, owner, 'acquisition') };
    }
    case 'ClientReactivated':
      return {
        ...doc,
        stages: enter(doc, at, stageAfter(stage, event), event.data.lifetime),
        fees: withFee(doc, at, event.data.fee, owner, 'reactivation'),
      };
    case 'ClientChurned':
      return {
        ...doc,
        stages: enter(doc, at, stageAfter(stage, event), lifetime),
        churns: [...doc.churns, at, codeOf(CHURN_REASON_CODES, event.data.reason), owner],
      };
    case 'ClientComplained': {
      const { complaintId, category, severity } = event.data;
      return {
        ...doc,
        complaints: [...doc.complaints, at, codeOf(CATEGORY_CODES, category), codeOf(SEVERITY_CODES, severity), owner, 0, -1],
        complaintIds: [...doc.complaintIds, complaintId],
      };
    }
    case 'ComplaintResolved': {
      const { complaintId } = event.data;
      const complaints = [...doc.complaints];
      doc.complaintIds.forEach((id, i) => {
        if (id !== complaintId) return;
        complaints[i * COMPLAINT_WIDTH + 4] = at;
        complaints[i * COMPLAINT_WIDTH + 5] = owner;
      });
      return { ...doc, complaints };
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
      const after = evolveClientDoc(before, event, occurredAt);
      if (after !== before) changes.push({ collection: 'clients', key, doc: after });
    }
    return changes;
  },
};
