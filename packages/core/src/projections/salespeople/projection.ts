// The `salespeople` projection: each salesperson with their plans, and their contacts per UTC month.
import type { DomainEvent } from '../../domain/events.js';
import { writtenInBatch, type DocumentChange, type DocumentKey, type Projection } from '../projection.js';
import { contactBucketKey, insertContact, utcDay, withContact } from './contacts.js';
import type { ContactEntry, SalespeopleCollections, SalespersonDoc } from './documents.js';

type Change = DocumentChange<SalespeopleCollections>;

const salesperson = (doc: SalespersonDoc | undefined, event: DomainEvent): SalespersonDoc => {
  if (doc === undefined) throw new Error(`${event.type} for unregistered salesperson`);
  return doc;
};

/** The key of the bucket a contact goes into: its salesperson's UTC day. */
const bucketOf = (salespersonId: string, occurredAt: number): { day: string; key: string } => {
  const day = utcDay(occurredAt);
  return { day, key: contactBucketKey(salespersonId, day) };
};

const NOTHING: readonly DocumentKey<SalespeopleCollections>[] = [];

export const salespeopleProjection: Projection<SalespeopleCollections> = {
  name: 'salespeople',
  // 2: contacts bucketed per UTC day instead of per UTC month.
  version: 2,
  collections: ['salespeople', 'contacts'],
  handle: ({ event, occurredAt }, view): readonly Change[] => {
    switch (event.type) {
      case 'SalespersonRegistered': {
        const { salespersonId, name } = event.data;
        const doc: SalespersonDoc = { salespersonId, name, annualPlans: {}, visitPlans: {} };
        return [{ collection: 'salespeople', key: salespersonId, doc }];
      }
      case 'AnnualPlanSet': {
        const { salespersonId, year, newClientsTarget, newBusinessTarget } = event.data;
        const doc = salesperson(view.salespeople.get(salespersonId), event);
        const annualPlans = { ...doc.annualPlans, [String(year)]: { newClientsTarget, newBusinessTarget } };
        return [{ collection: 'salespeople', key: salespersonId, doc: { ...doc, annualPlans } }];
      }
      case 'VisitPlanSet': {
        const { salespersonId, month, plannedVisits } = event.data;
        const doc = salesperson(view.salespeople.get(salespersonId), event);
        const visitPlans = { ...doc.visitPlans, [month]: plannedVisits };
        return [{ collection: 'salespeople', key: salespersonId, doc: { ...doc, visitPlans } }];
      }
      case 'ClientContacted': {
        const { salespersonId, channel } = event.data;
        const { day, key } = bucketOf(salespersonId, occurredAt);
        const before = view.contacts.get(key);
        const entry = { at: occurredAt, visit: channel === 'visit' };
        // Copy on write, per batch: a bucket this batch wrote takes the contact in place.
        if (before !== undefined && writtenInBatch(view.contacts, key)) {
          insertContact(before.contacts as ContactEntry[], entry);
          return [{ collection: 'contacts', key, doc: before }];
        }
        return [{ collection: 'contacts', key, doc: { salespersonId, day, contacts: withContact(before?.contacts ?? [], entry) } }];
      }
      case 'FirmConfigured':
      case 'ClientRegistered':
      case 'ClientReassigned':
      case 'ClientEngaged':
      case 'ClientComplained':
      case 'ComplaintResolved':
      case 'ClientChurned':
      case 'ClientReactivated':
        return [];
      default: {
        const unhandled: never = event;
        throw new Error(`unhandled event ${(unhandled as DomainEvent).type}`);
      }
    }
  },
  reads: ({ event, occurredAt }) => {
    switch (event.type) {
      case 'ClientContacted':
        return [{ collection: 'contacts', key: bucketOf(event.data.salespersonId, occurredAt).key }];
      case 'AnnualPlanSet':
      case 'VisitPlanSet':
        return [{ collection: 'salespeople', key: event.data.salespersonId }];
      default:
        return NOTHING;
    }
  },
};
