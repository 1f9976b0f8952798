// The `clients` projection: folds each client stream into its timelines (documents.ts), and keeps
// the greatest occurredAt of the whole log in `meta`.
import { isAcquisition, stageAfter } from '../../domain/client/stage.js';
import type { ClientEvent, DomainEvent } from '../../domain/events.js';
import { isClientEvent } from '../../domain/stream-kinds.js';
import type { DocumentChange, Projection } from '../projection.js';
import { COMPLAINT_WIDTH, META_KEY, type ClientDoc, type ClientsCollections, type Timeline, type StageEntry, type FeeKind } from './documents.js';
import { lifetimeOf, stageCount, stageOf } from './timeline.js';

const lastOwner = (doc: ClientDoc): string => {
  const ownerId = doc.owners[doc.owners.length - 1];
  if (typeof ownerId !== 'string') throw new Error(`client ${doc.clientId} has no owner`);
  return ownerId;
};

const enter = (doc: ClientDoc, at: number, stage: StageEntry[1], lifetime: number): Timeline<StageEntry> => [...doc.stages, at, stage, lifetime];

const withFee = (doc: ClientDoc, at: number, fee: number, ownerId: string, kind: FeeKind): ClientDoc['fees'] => [...doc.fees, at, fee, ownerId, kind];

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
      stages: [at, stageAfter(null, event), 1],
      owners: [at, ownerId],
      fees: [],
      churns: [],
      complaints: [],
    };
  }
  if (doc === undefined) throw new Error(`${event.type} for unregistered client ${event.data.clientId}`);
  const current = stageCount(doc) - 1;
  if (current < 0) throw new Error(`client ${doc.clientId} has no stage`);
  const stage = stageOf(doc, current);
  const lifetime = lifetimeOf(doc, current);
  const ownerId = lastOwner(doc);
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
      if (!isAcquisition(stage, event)) return { ...doc, fees: withFee(doc, at, fee, ownerId, 'repeat') };
      return { ...doc, stages: enter(doc, at, stageAfter(stage, event), lifetime), fees: withFee(doc, at, fee, ownerId, 'acquisition') };
    }
    case 'ClientReactivated':
      return {
        ...doc,
        stages: enter(doc, at, stageAfter(stage, event), event.data.lifetime),
        fees: withFee(doc, at, event.data.fee, ownerId, 'reactivation'),
      };
    case 'ClientChurned':
      return {
        ...doc,
        stages: enter(doc, at, stageAfter(stage, event), lifetime),
        churns: [...doc.churns, at, event.data.reason, ownerId],
      };
    case 'ClientComplained': {
      const { complaintId, category, severity } = event.data;
      return { ...doc, complaints: [...doc.complaints, at, complaintId, category, severity, ownerId, null, null] };
    }
    case 'ComplaintResolved': {
      const { complaintId } = event.data;
      const complaints = [...doc.complaints];
      for (let i = 0; i < complaints.length; i += COMPLAINT_WIDTH) {
        if (complaints[i + 1] === complaintId) {
          complaints[i + 5] = at;
          complaints[i + 6] = ownerId;
        }
      }
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
