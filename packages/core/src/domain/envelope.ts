// What a stored event looks like around its domain payload (SPEC §1, §6).

/**
 * A global log position, ordered by commit, then prepare. Stores with a single sequence (SQLite,
 * memory) set both parts to it; PostgreSQL sets commit to the appending transaction's id and
 * prepare to the row's sequence number (so a commit's events share `commit`, the number reports
 * print); EventStoreDB has a commit and a prepare position of its own.
 */
export interface LogPosition {
  readonly commit: bigint;
  readonly prepare: bigint;
}

export const sequencePosition = (n: bigint | number): LogPosition => {
  const b = BigInt(n);
  return { commit: b, prepare: b };
};

export const comparePositions = (a: LogPosition, b: LogPosition): number =>
  a.commit < b.commit ? -1 : a.commit > b.commit ? 1 : a.prepare < b.prepare ? -1 : a.prepare > b.prepare ? 1 : 0;

/** Two checkpoints (null: nothing folded yet) name the same place in the log. */
export const samePosition = (a: LogPosition | null, b: LogPosition | null): boolean =>
  a === null ? b === null : b !== null && a.commit === b.commit && a.prepare === b.prepare;

/** The number shown to people and in JSON (`position`): the commit position. */
export const positionNumber = (p: LogPosition): number => Number(p.commit);

/** A checkpoint as text, so read-model stores can keep it in a string column or Redis key. */
export const encodePosition = (p: LogPosition): string => `${p.commit}/${p.prepare}`;
export const decodePosition = (text: string): LogPosition => {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  if (m === null) throw new Error(`not a log position: "${text}"`);
  return { commit: BigInt(m[1]!), prepare: BigInt(m[2]!) };
};

export interface EventMetadata {
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly actor: string;
  readonly commandId: string | null;
  readonly correlationId: string | null;
  readonly causationId: string | null;
  readonly schemaVersion: number;
  readonly hash: string;
}

/**
 * The envelope's fields of `metadata` and nothing else: what travels into a store or a file, where
 * a field the hash does not cover must not ride along.
 */
export const envelopeMetadata = (metadata: EventMetadata): EventMetadata => ({
  occurredAt: metadata.occurredAt,
  recordedAt: metadata.recordedAt,
  actor: metadata.actor,
  commandId: metadata.commandId,
  correlationId: metadata.correlationId,
  causationId: metadata.causationId,
  schemaVersion: metadata.schemaVersion,
  hash: metadata.hash,
});

/** An event as a store returns it. `data` is not trusted: consumers decode it with `decodeEvent`. */
export interface RecordedEvent {
  readonly stream: string;
  readonly streamVersion: number;
  readonly position: LogPosition;
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly metadata: EventMetadata;
  /**
   * The JSON text `data` and `metadata` were parsed from, from a store that keeps them as text and
   * gives it (SQLite's readAll), so `history` keeps the event without serialising it again.
   */
  readonly json?: RecordedJson;
}

/** An event's data and metadata as the JSON text its store holds (see RecordedEvent.json). */
export interface RecordedJson {
  readonly data: string;
  readonly metadata: string;
}

/**
 * An event on its way into a store. The store stamps `recordedAt` (unless an import carries the
 * original), assigns `streamVersion` and `position`, and computes the hash chain.
 */
export interface NewEvent {
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly metadata: Omit<EventMetadata, 'recordedAt' | 'hash'> & { readonly recordedAt?: string };
}

export const GENESIS_HASH = '0'.repeat(64);
