// The client read model: not just a client's current values but its timelines, so every report can
// ask "what was true at T" or "before t" without refolding the log. Instants are epoch ms.
//
// Each timeline is one flat array of fixed-width entries of numbers, `[at, …, at, …]`, rather than
// an array of objects: its JSON carries no key names, a word of the vocabulary is a small code
// (its index in the tables below) and an owner the index of its entry in `owners`, so V8 parses
// each timeline into one array of unboxed numbers instead of an object per entry and a boxed
// number per instant. Over the W3 firm (10,000 clients) the clients collection is about a third of
// its former bytes and its parsed heap about half (bench W4, W5). Read them through timeline.ts,
// which knows the layouts below.
import type { ChurnReason, ComplaintCategory, Severity, Stage } from '../../domain/vocabulary.js';

/** acquisition: prospect/contacted → engaged; repeat: engaged → engaged; reactivation: ClientReactivated. */
export type FeeKind = 'acquisition' | 'repeat' | 'reactivation';

/**
 * A word's code is its index here. Stored documents depend on these orders: append, never
 * reorder, or bump the projection's version. The type says each table lists every word.
 */
const codeTable =
  <W extends string>() =>
  <const T extends readonly W[]>(table: T & ([Exclude<W, T[number]>] extends [never] ? unknown : never)): T =>
    table;
export const STAGE_CODES = codeTable<Stage>()(['prospect', 'contacted', 'engaged', 'churned']);
export const FEE_KIND_CODES = codeTable<FeeKind>()(['acquisition', 'repeat', 'reactivation']);
export const CHURN_REASON_CODES = codeTable<ChurnReason>()(['dissatisfied', 'competitor', 'negative-value', 'involuntary', 'other']);
export const CATEGORY_CODES = codeTable<ComplaintCategory>()(['quality', 'service', 'price', 'staff', 'other']);
export const SEVERITY_CODES = codeTable<Severity>()(['low', 'medium', 'high']);

/** A word's code in its table; throws on a word the table lacks (a vocabulary grown without it). */
export const codeOf = <W extends string>(table: readonly W[], word: W): number => {
  const code = table.indexOf(word);
  if (code < 0) throw new Error(`no stored code for "${word}"`);
  return code;
};

/** An index into a client's `owners` entries: the owner in place when the event occurred. */
type OwnerEntryIndex = number;
type Code = number;

/** A stage the client entered; appended only when the stage changes (SPEC §4.1 stageSince). */
export type StageEntry = readonly [at: number, stage: Code, lifetime: number];
export type OwnerEntry = readonly [at: number, ownerId: string];
/** The owner is the owner when the event occurred: after the events before it in the stream. */
export type FeeEntry = readonly [at: number, fee: number, owner: OwnerEntryIndex, kind: Code];
export type ChurnEntry = readonly [at: number, reason: Code, owner: OwnerEntryIndex];
/** While the complaint is open, resolvedOwner is −1 and resolvedAt 0 (any instant is a valid resolvedAt). */
export type ComplaintEntry = readonly [filedAt: number, category: Code, severity: Code, filedOwner: OwnerEntryIndex, resolvedAt: number, resolvedOwner: OwnerEntryIndex];

/** Entries of `E` laid end to end: entry i is the elements [i × width, (i + 1) × width). */
export type Timeline<E extends readonly unknown[]> = readonly E[number][];

export const STAGE_WIDTH = 3;
export const OWNER_WIDTH = 2;
export const FEE_WIDTH = 4;
export const CHURN_WIDTH = 3;
export const COMPLAINT_WIDTH = 6;

/**
 * One client. Within a stream occurredAt never decreases (OutOfOrder), so every timeline is sorted
 * by its instant (the first element of each entry), and equal instants keep stream order: the last
 * entry at or before T is the state at T. Complaints are in filing order, their ids in
 * `complaintIds` at the same indexes.
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
  readonly complaintIds: readonly string[];
}

/** Facts about the whole log; cohorts run up to the month of its greatest occurredAt (SPEC §4.6). */
export interface MetaDoc {
  readonly lastOccurredAt: number;
}

export const META_KEY = 'log';

export type ClientsCollections = { clients: ClientDoc; meta: MetaDoc };
