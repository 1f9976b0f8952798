// A tiny event-log builder for tests: writes valid event data (previousOwnerId, the contacting
// salespersonId, the reactivated lifetime) the way the command path would, with instants as text.
import { sequencePosition, type RecordedEvent } from '../../../src/domain/envelope.js';
import { type ChurnReason, type Channel, type ComplaintCategory, type Severity } from '../../../src/domain/vocabulary.js';
import { type DomainEvent } from '../../../src/domain/events.js';
import type { ProjectedEvent } from '../../../src/projections/projection.js';

export const ms = (instant: string): number => {
  const t = Date.parse(instant);
  if (Number.isNaN(t)) throw new Error(`bad instant in test: ${instant}`);
  return t;
};

export interface TestLog {
  readonly events: ProjectedEvent[];
  /** The client's stream as a store returns it, for the history report. */
  readonly recorded: (clientId: string) => RecordedEvent[];
  readonly salesperson: (salespersonId: string, at: string, name?: string) => TestLog;
  readonly annualPlan: (salespersonId: string, year: number, newClientsTarget: number, newBusinessTarget: number, at: string) => TestLog;
  readonly visitPlan: (salespersonId: string, month: string, plannedVisits: number, at: string) => TestLog;
  readonly register: (clientId: string, ownerId: string, at: string, name?: string) => TestLog;
  readonly reassign: (clientId: string, ownerId: string, at: string) => TestLog;
  readonly contact: (clientId: string, channel: Channel, at: string, salespersonId?: string) => TestLog;
  readonly engage: (clientId: string, engagementId: string, fee: number, at: string) => TestLog;
  readonly complain: (clientId: string, complaintId: string, at: string, category?: ComplaintCategory, severity?: Severity) => TestLog;
  readonly resolve: (clientId: string, complaintId: string, at: string) => TestLog;
  readonly churn: (clientId: string, reason: ChurnReason, at: string) => TestLog;
  readonly reactivate: (clientId: string, engagementId: string, fee: number, at: string) => TestLog;
}

export const createLog = (): TestLog => {
  const events: ProjectedEvent[] = [];
  const versions = new Map<string, number>();
  const owners = new Map<string, string>();
  const lifetimes = new Map<string, number>();

  const append = (stream: string, event: DomainEvent, at: string | number): void => {
    const streamVersion = (versions.get(stream) ?? -1) + 1;
    versions.set(stream, streamVersion);
    const occurredAt = typeof at === 'number' ? at : ms(at);
    events.push({ position: sequencePosition(events.length), stream, streamVersion, occurredAt, recordedAt: occurredAt, event });
  };
  const owner = (clientId: string): string => {
    const o = owners.get(clientId);
    if (o === undefined) throw new Error(`test log: client ${clientId} not registered`);
    return o;
  };

  const log: TestLog = {
    events,
    recorded: (clientId) =>
      events
        .filter((e) => e.stream === `client-${clientId}`)
        .map((e): RecordedEvent => ({
          stream: e.stream,
          streamVersion: e.streamVersion,
          position: e.position,
          type: e.event.type,
          data: e.event.data,
          metadata: {
            occurredAt: new Date(e.occurredAt).toISOString(),
            recordedAt: new Date(e.recordedAt).toISOString(),
            actor: 'system',
            commandId: null,
            correlationId: null,
            causationId: null,
            schemaVersion: 1,
            hash: `hash-${e.position.commit}`,
          },
        })),
    salesperson: (salespersonId, at, name = `Salesperson ${salespersonId}`) => {
      append(`salesperson-${salespersonId}`, { type: 'SalespersonRegistered', data: { salespersonId, name } }, at);
      return log;
    },
    annualPlan: (salespersonId, year, newClientsTarget, newBusinessTarget, at) => {
      const data = { salespersonId, year, newClientsTarget, newBusinessTarget };
      append(`salesperson-${salespersonId}`, { type: 'AnnualPlanSet', data }, at);
      return log;
    },
    visitPlan: (salespersonId, month, plannedVisits, at) => {
      append(`salesperson-${salespersonId}`, { type: 'VisitPlanSet', data: { salespersonId, month, plannedVisits } }, at);
      return log;
    },
    register: (clientId, ownerId, at, name = `Client ${clientId}`) => {
      owners.set(clientId, ownerId);
      lifetimes.set(clientId, 1);
      append(`client-${clientId}`, { type: 'ClientRegistered', data: { clientId, name, ownerId } }, at);
      return log;
    },
    reassign: (clientId, ownerId, at) => {
      const previousOwnerId = owner(clientId);
      owners.set(clientId, ownerId);
      append(`client-${clientId}`, { type: 'ClientReassigned', data: { clientId, ownerId, previousOwnerId } }, at);
      return log;
    },
    contact: (clientId, channel, at, salespersonId = owner(clientId)) => {
      append(`client-${clientId}`, { type: 'ClientContacted', data: { clientId, channel, salespersonId } }, at);
      return log;
    },
    engage: (clientId, engagementId, fee, at) => {
      append(`client-${clientId}`, { type: 'ClientEngaged', data: { clientId, engagementId, fee } }, at);
      return log;
    },
    complain: (clientId, complaintId, at, category = 'service', severity = 'medium') => {
      const data = { clientId, complaintId, category, severity };
      append(`client-${clientId}`, { type: 'ClientComplained', data }, at);
      return log;
    },
    resolve: (clientId, complaintId, at) => {
      append(`client-${clientId}`, { type: 'ComplaintResolved', data: { clientId, complaintId } }, at);
      return log;
    },
    churn: (clientId, reason, at) => {
      append(`client-${clientId}`, { type: 'ClientChurned', data: { clientId, reason } }, at);
      return log;
    },
    reactivate: (clientId, engagementId, fee, at) => {
      const lifetime = (lifetimes.get(clientId) ?? 1) + 1;
      lifetimes.set(clientId, lifetime);
      append(`client-${clientId}`, { type: 'ClientReactivated', data: { clientId, engagementId, fee, lifetime } }, at);
      return log;
    },
  };
  return log;
};
