// The client read model: not just a client's current values but its timelines, so every report can
// ask "what was true at T" or "before t" without refolding the log. Instants are epoch ms.
//
// Each timeline is one flat array of fixed-width entries, `[at, …, at, …]`, rather than an array of
// objects: its JSON carries no key names and parses into one array instead of an object per entry.
// At 10,000 clients that halves the bytes a report scans and parses and the heap the documents
// take (bench W4, W5). Read them through timeline.ts, which knows the layouts below.
import type { ChurnReason, ComplaintCategory, Severity, Stage } from '../../domain/vocabulary.js';

/** acquisition: prospect/contacted → engaged; repeat: engaged → engaged; reactivation: ClientReactivated. */
export type FeeKind = 'acquisition' | 'repeat' | 'reactivation';

/** A stage the client entered; appended only when the stage changes (SPEC §4.1 stageSince). */
export type StageEntry = readonly [at: number, stage: Stage, lifetime: number];
export type OwnerEntry = readonly [at: number, ownerId: string];
/** `ownerId` is the owner when the event occurred: after the events before it in the stream. */
export type FeeEntry = readonly [at: number, fee: number, ownerId: string, kind: FeeKind];
export type ChurnEntry = readonly [at: number, reason: ChurnReason, ownerId: string];
/** resolvedAt and resolvedOwnerId are null while the complaint is open. */
export type ComplaintEntry = readonly [
  filedAt: number,
  complaintId: string,
  category: ComplaintCategory,
  severity: Severity,
  filedOwnerId: string,
  resolvedAt: number | null,
  resolvedOwnerId: string | null,
];

/** Entries of `E` laid end to end: entry i is the elements [i × width, (i + 1) × width). */
export type Timeline<E extends readonly unknown[]> = readonly E[number][];

export const STAGE_WIDTH = 3;
export const OWNER_WIDTH = 2;
export const FEE_WIDTH = 4;
export const CHURN_WIDTH = 3;
export const COMPLAINT_WIDTH = 7;

/**
 * One client. Within a stream occurredAt never decreases (OutOfOrder), so every timeline is sorted
 * by its instant (the first element of each entry), and equal instants keep stream order: the last
 * entry at or before T is the state at T.
 */
export interface ClientDoc {
  readonly clientId: string;
  readonly name: string;
  readonly registeredAt: number;
  readonly stages: Timeline<StageEntry>;
  readonly owners: Timeline<OwnerEntry>;
  readonly fees: Timeline<FeeEntry>;
  readonly churns: Timeline<ChurnEntry>;
  readonly complaints: Timeline<ComplaintEntry>;
}

/** Facts about the whole log; cohorts run up to the month of its greatest occurredAt (SPEC §4.6). */
export interface MetaDoc {
  readonly lastOccurredAt: number;
}

export const META_KEY = 'log';

export type ClientsCollections = { clients: ClientDoc; meta: MetaDoc };
