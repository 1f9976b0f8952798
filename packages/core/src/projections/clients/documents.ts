// The client read model: not just a client's current values but its timelines, so every report can
// ask "what was true at T" or "before t" without refolding the log. Instants are epoch ms.
import type { ChurnReason, ComplaintCategory, Severity, Stage } from '../../domain/vocabulary.js';

/** A stage the client entered; appended only when the stage changes (SPEC §4.1 stageSince). */
export interface StageEntry {
  readonly at: number;
  readonly stage: Stage;
  readonly lifetime: number;
}

export interface OwnerEntry {
  readonly at: number;
  readonly ownerId: string;
}

/** acquisition: prospect/contacted → engaged; repeat: engaged → engaged; reactivation: ClientReactivated. */
export type FeeKind = 'acquisition' | 'repeat' | 'reactivation';

/** `ownerId` is the owner when the event occurred: after the events before it in the stream. */
export interface FeeEntry {
  readonly at: number;
  readonly fee: number;
  readonly ownerId: string;
  readonly kind: FeeKind;
}

export interface ChurnEntry {
  readonly at: number;
  readonly reason: ChurnReason;
  readonly ownerId: string;
}

export interface ComplaintEntry {
  readonly complaintId: string;
  readonly category: ComplaintCategory;
  readonly severity: Severity;
  readonly filedAt: number;
  readonly filedOwnerId: string;
  readonly resolvedAt: number | null;
  readonly resolvedOwnerId: string | null;
}

/**
 * One client. Within a stream occurredAt never decreases (OutOfOrder), so every array is sorted by
 * its instant, and equal instants keep stream order: the last entry at or before T is the state at T.
 */
export interface ClientDoc {
  readonly clientId: string;
  readonly name: string;
  readonly registeredAt: number;
  readonly stages: readonly StageEntry[];
  readonly owners: readonly OwnerEntry[];
  readonly fees: readonly FeeEntry[];
  readonly churns: readonly ChurnEntry[];
  readonly complaints: readonly ComplaintEntry[];
}

/** Facts about the whole log; cohorts run up to the month of its greatest occurredAt (SPEC §4.6). */
export interface MetaDoc {
  readonly lastOccurredAt: number;
}

export const META_KEY = 'log';

export type ClientsCollections = { clients: ClientDoc; meta: MetaDoc };
