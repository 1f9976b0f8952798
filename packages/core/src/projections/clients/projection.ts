// The `clients` projection: folds each client stream into its timelines (documents.ts), and keeps
// the greatest occurredAt of the whole log in `meta`.
import { isAcquisition, stageAfter } from '../../domain/client/stage.js';
import type { ClientEvent, DomainEvent } from '../../domain/events.js';
import { isClientEvent } from '../../domain/stream-kinds.js';
import type { DocumentChange, Projection } from '../projection.js';
import { META_KEY, type ClientDoc, type ClientsCollections, type StageEntry } from './documents.js';

const last = <T>(entries: readonly T[], what: string, clientId: string): T => {
  const entry = entries[entries.length - 1];
  if (entry === undefined) throw new Error(`client ${clientId} has no ${what}`);
  return entry;
};

const currentStage = (doc: ClientDoc): StageEntry => last(doc.stages, 'stage', doc.clientId);
const currentOwner = (doc: ClientDoc): string => last(doc.owners, 'owner', doc.clientId).ownerId;

const enter = (doc: ClientDoc, entry: StageEntry): ClientDoc => ({ ...doc, stages: [...doc.stages, entry] });

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
      stages: [{ at, stage: stageAfter(null, event), lifetime: 1 }],
      owners: [{ at, ownerId }],
      fees: [],
      churns: [],
      complaints: [],
    };
  }
  if (doc === undefined) throw new Error(`${event.type} for unregistered client ${event.data.clientId}`);
  const stage = currentStage(doc);
  const ownerId = currentOwner(doc);
  switch (event.type) {
    case 'ClientReassigned':
      return { ...doc, owners: [...doc.owners, { at, ownerId: event.data.ownerId }] };
    case 'ClientContacted': {
      const next = stageAfter(stage.stage, event);
      return next === stage.stage ? doc : enter(doc, { at, stage: next, lifetime: stage.lifetime });
    }
    case 'ClientEngaged': {
      const { fee } = event.data;
      if (stage.stage === 'churned') throw new Error(`ClientEngaged for churned client ${doc.clientId}`);
      if (!isAcquisition(stage.stage, event)) return { ...doc, fees: [...doc.fees, { at, fee, ownerId, kind: 'repeat' }] };
      const acquired = enter(doc, { at, stage: stageAfter(stage.stage, event), lifetime: stage.lifetime });
      return { ...acquired, fees: [...doc.fees, { at, fee, ownerId, kind: 'acquisition' }] };
    }
    case 'ClientReactivated': {
      const reactivated = enter(doc, { at, stage: stageAfter(stage.stage, event), lifetime: event.data.lifetime });
      return { ...reactivated, fees: [...doc.fees, { at, fee: event.data.fee, ownerId, kind: 'reactivation' }] };
    }
    case 'ClientChurned': {
      const churned = enter(doc, { at, stage: stageAfter(stage.stage, event), lifetime: stage.lifetime });
      return { ...churned, churns: [...doc.churns, { at, reason: event.data.reason, ownerId }] };
    }
    case 'ClientComplained': {
      const complaint = {
        complaintId: event.data.complaintId,
        category: event.data.category,
        severity: event.data.severity,
        filedAt: at,
        filedOwnerId: ownerId,
        resolvedAt: null,
        resolvedOwnerId: null,
      };
      return { ...doc, complaints: [...doc.complaints, complaint] };
    }
    case 'ComplaintResolved': {
      const { complaintId } = event.data;
      const complaints = doc.complaints.map((c) =>
        c.complaintId === complaintId ? { ...c, resolvedAt: at, resolvedOwnerId: ownerId } : c,
      );
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
  version: 2,
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
