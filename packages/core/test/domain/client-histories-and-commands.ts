// Example input for the client decider's tests: a history ending in each stage, and a command of
// each type that is valid in at least one of them.
import { type ClientEvent } from '../../src/domain/events.js';
import { type Stage } from '../../src/domain/vocabulary.js';
import { clientEvents as e } from './fixtures.js';

export type StageName = Stage | 'unregistered';

// Each history ends in the named stage. Engaged and churned clients carry engagement E-1 and the
// open complaint K-1, so ResolveComplaint has something to resolve there.
export const HISTORIES: Record<StageName, readonly ClientEvent[]> = {
  unregistered: [],
  prospect: [e.registered()],
  contacted: [e.registered(), e.contacted()],
  engaged: [e.registered(), e.engaged('E-1'), e.complained('K-1')],
  churned: [e.registered(), e.engaged('E-1'), e.complained('K-1'), e.churned()],
};

// A command of each type that is valid in at least one stage (S-2 exists and does not own C-1).
export const COMMANDS = {
  RegisterClient: { type: 'RegisterClient', clientId: 'C-1', name: 'Acme', ownerId: 'S-1' },
  ReassignClient: { type: 'ReassignClient', clientId: 'C-1', ownerId: 'S-2' },
  RecordContact: { type: 'RecordContact', clientId: 'C-1', channel: 'visit' },
  RecordEngagement: { type: 'RecordEngagement', clientId: 'C-1', engagementId: 'E-9', fee: 250_000 },
  FileComplaint: { type: 'FileComplaint', clientId: 'C-1', complaintId: 'K-9', category: 'price', severity: 'high' },
  ResolveComplaint: { type: 'ResolveComplaint', clientId: 'C-1', complaintId: 'K-1' },
  RecordChurn: { type: 'RecordChurn', clientId: 'C-1', reason: 'dissatisfied' },
  ReactivateClient: { type: 'ReactivateClient', clientId: 'C-1', engagementId: 'E-9', fee: 80_000 },
} as const;
