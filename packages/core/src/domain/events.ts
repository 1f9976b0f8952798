// Event codecs (SPEC §1–3). Stored events are decoded with these, so a payload that does not match
// is caught where it is read rather than deep inside a fold.
import * as t from 'io-ts';
import { Count, Id, Lifetime, Money, Month, NonEmptyString, PositiveMoney, RecordedTimeZone, Text, Year } from './primitives.js';
import { Channel, ChurnReason, ComplaintCategory, Severity, Source } from './vocabulary.js';

const event = <T extends string, R extends t.Props, O extends t.Props>(type: T, required: R, optionals: O) =>
  t.type({ type: t.literal(type), data: t.intersection([t.type(required), t.partial(optionals)]) }, type);

export const FirmConfigured = event('FirmConfigured', {}, { timeZone: RecordedTimeZone, keyAccountThreshold: Money });

export const SalespersonRegistered = event('SalespersonRegistered', { salespersonId: Id, name: NonEmptyString }, {});
export const AnnualPlanSet = event(
  'AnnualPlanSet',
  { salespersonId: Id, year: Year, newClientsTarget: Count, newBusinessTarget: Money },
  {},
);
export const VisitPlanSet = event('VisitPlanSet', { salespersonId: Id, month: Month, plannedVisits: Count }, {});

export const ClientRegistered = event(
  'ClientRegistered',
  { clientId: Id, name: NonEmptyString, ownerId: Id },
  { source: Source, industry: Text },
);
export const ClientReassigned = event(
  'ClientReassigned',
  { clientId: Id, ownerId: Id, previousOwnerId: Id },
  { reason: Text },
);
export const ClientContacted = event(
  'ClientContacted',
  { clientId: Id, channel: Channel, salespersonId: Id },
  { summary: Text },
);
export const ClientEngaged = event(
  'ClientEngaged',
  { clientId: Id, engagementId: Id, fee: PositiveMoney },
  { serviceLine: Text },
);
export const ClientComplained = event(
  'ClientComplained',
  { clientId: Id, complaintId: Id, category: ComplaintCategory, severity: Severity },
  { description: Text },
);
export const ComplaintResolved = event('ComplaintResolved', { clientId: Id, complaintId: Id }, { outcome: Text });
export const ClientChurned = event('ClientChurned', { clientId: Id, reason: ChurnReason }, { note: Text });
export const ClientReactivated = event(
  'ClientReactivated',
  { clientId: Id, engagementId: Id, fee: PositiveMoney, lifetime: Lifetime },
  { campaign: Text },
);

export const SalespersonEvent = t.union([SalespersonRegistered, AnnualPlanSet, VisitPlanSet]);
export const ClientEvent = t.union([
  ClientRegistered, ClientReassigned, ClientContacted, ClientEngaged, ClientComplained, ComplaintResolved,
  ClientChurned, ClientReactivated,
]);
export const FirmEvent = FirmConfigured;
export const DomainEvent = t.union([FirmConfigured, ...SalespersonEvent.types, ...ClientEvent.types]);

export type FirmConfigured = t.TypeOf<typeof FirmConfigured>;
export type FirmEvent = FirmConfigured;
export type SalespersonRegistered = t.TypeOf<typeof SalespersonRegistered>;
export type AnnualPlanSet = t.TypeOf<typeof AnnualPlanSet>;
export type VisitPlanSet = t.TypeOf<typeof VisitPlanSet>;
export type ClientRegistered = t.TypeOf<typeof ClientRegistered>;
export type ClientReassigned = t.TypeOf<typeof ClientReassigned>;
export type ClientContacted = t.TypeOf<typeof ClientContacted>;
export type ClientEngaged = t.TypeOf<typeof ClientEngaged>;
export type ClientComplained = t.TypeOf<typeof ClientComplained>;
export type ComplaintResolved = t.TypeOf<typeof ComplaintResolved>;
export type ClientChurned = t.TypeOf<typeof ClientChurned>;
export type ClientReactivated = t.TypeOf<typeof ClientReactivated>;

export type SalespersonEvent = t.TypeOf<typeof SalespersonEvent>;
export type ClientEvent = t.TypeOf<typeof ClientEvent>;
export type DomainEvent = t.TypeOf<typeof DomainEvent>;
export type EventType = DomainEvent['type'];

const codecsByType: ReadonlyMap<string, t.Mixed> = new Map(DomainEvent.types.map((c) => [c.name, c]));

/** Every event type has schemaVersion 1 today (SPEC §1); an upcaster goes here when that changes. */
export const SCHEMA_VERSION = 1;

/** Looks the codec up by type first: far cheaper than trying each member of the union. */
export const decodeEvent = (type: string, data: unknown): t.Validation<DomainEvent> => {
  const codec = codecsByType.get(type);
  if (codec === undefined) {
    return t.failure(type, [{ key: 'type', type: DomainEvent, actual: type }], `unknown event type "${type}"`);
  }
  return codec.validate({ type, data }, []) as t.Validation<DomainEvent>;
};
