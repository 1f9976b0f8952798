// The read-model store port: a projection's documents and its checkpoint, written together in one
// atomic batch, kept in generations so a rebuild fills a new one beside the live one and swaps.
// Readers ask for documents by key or stream a collection in key order, page by page, so neither
// a report nor a projector ever needs a whole read model in memory. Small on purpose: SQLite does
// a batch in one transaction, Redis in one MULTI/EXEC, with each generation under its own key prefix.
import { comparePositions, type LogPosition } from '../domain/envelope.js';
import { classMark, hasMark, shareAcrossCopies } from './shared-classes.js';

/**
 * One document of a projection's collection, as a store keeps it: a JSON-serialisable value, or a
 * JsonText whose text the store keeps as it is. Read back, a document is always the parsed value.
 */
export interface StoredDocument {
  readonly collection: string;
  readonly key: string;
  readonly doc: unknown;
}

/**
 * A document given as its JSON text, by a writer that already has the text (`history` builds its
 * documents from the events' JSON as the event store held it): a store keeps the text as it is
 * rather than serialising an object again. Readers get the parsed value, like any document's. The
 * text must be JSON; a store does not check it.
 */
export class JsonText {
  readonly #json: string;
  constructor(json: string) {
    this.#json = json;
  }

  /** The document's JSON text (a subclass may build it when asked). */
  get json(): string {
    return this.#json;
  }
}

// Marked, not given a Symbol.hasInstance: `instanceof ChunkText` runs on every history event, and
// the store needs only this one test, which must recognise another copy's JsonText (shared-classes.ts).
const JSON_TEXT = classMark('JsonText');
Object.defineProperty(JsonText.prototype, JSON_TEXT, { value: true });

/** The JSON text a store keeps for a document (see JsonText); TypeError for what is not JSON. */
export const documentJson = (change: StoredDocument): string => {
  const { doc } = change;
  if (hasMark(doc, JSON_TEXT)) return (doc as JsonText).json;
  const json = JSON.stringify(doc);
  if (json === undefined) throw new TypeError(`read model document ${change.collection}/${change.key} is not JSON`);
  return json;
};

/** The live generation of a projection: which one it is, who built it and how far it got. */
export interface GenerationHead {
  readonly generation: number;
  /** The projection version that built it: a runner rebuilds when the code's version differs. */
  readonly version: number;
  /** The position of the last event folded in; null for a generation that has seen none. */
  readonly checkpoint: LogPosition | null;
  /** What the writer recorded with the checkpoint (CheckpointMove.origin); null when nothing. */
  readonly origin: string | null;
}

/**
 * A page of a collection in key order: keys from `from` (inclusive) to `to` (exclusive), at most
 * `limit` of them. Key order is UTF-8 byte order (code-point order), what SQLite's BINARY collation
 * and Redis' lexicographic ranges use; for the ids SPEC allows it is plain code-unit order.
 */
export interface KeyRange {
  readonly from?: string;
  readonly to?: string;
  readonly limit: number;
}

/** The checkpoint move that goes with a batch: the writer's view of where it was, and where it got. */
export interface CheckpointMove {
  readonly from: LogPosition | null;
  readonly to: LogPosition;
  /**
   * Which log, and which event in it, `to` is (the runner's record of the event store's identity
   * and the last event's hash), kept verbatim with the checkpoint so a reader can tell read models
   * built from another store, or from a log since replaced or cut.
   */
  readonly origin?: string;
  /**
   * Write only as the holder of this lease: the store checks, atomically with the batch, that the
   * lease still has this holder and token, and rejects with LeaseLost otherwise. So a projector
   * that lost its lease (paused past its TTL, then overtaken) can never commit, whatever the timing.
   */
  readonly fence?: Fence;
}

/** A lease as its holder presents it with each write. */
export interface Fence {
  readonly lease: string;
  readonly holder: string;
  /** Grows by one each time the lease changes hands; never reused. */
  readonly token: number;
}

/** Who holds a lease, under which token, until when, and when it was last renewed (epoch ms). */
export interface LeaseState extends Fence {
  readonly expiresAt: number;
  readonly renewedAt: number;
}

/** A write presented a fence that is no longer the lease's: another projector took over. */
export class LeaseLost extends Error {
  override readonly name = 'LeaseLost';
  constructor(
    readonly fence: Fence,
    readonly current: Fence | null,
  ) {
    super(
      `lease ${fence.lease} is no longer held by ${fence.holder} (token ${fence.token}); ` +
        (current === null ? 'nobody holds it' : `${current.holder} holds it with token ${current.token}`),
    );
  }
}

/**
 * The lease decision every adapter makes, in one place: `holder` takes the lease when nobody holds
 * it or it expired (the token grows), renews it when it is already theirs (the token stays), and
 * is refused (null) while another holder's lease runs.
 */
export const leaseDecision = (lease: string, current: LeaseState | null, holder: string, ttlMs: number, now: number): LeaseState | null => {
  if (current !== null && current.holder === holder && current.expiresAt > now) return { ...current, expiresAt: now + ttlMs, renewedAt: now };
  if (current !== null && current.expiresAt > now) return null;
  return { lease, holder, token: (current?.token ?? 0) + 1, expiresAt: now + ttlMs, renewedAt: now };
};

/** The fence check every adapter makes inside the batch's transaction. */
export const fenceHolds = (fence: Fence, current: Fence | null): boolean =>
  current !== null && current.holder === fence.holder && current.token === fence.token;

/** `skipped`: the generation had already reached `to` (a batch applied twice); nothing changed. */
export type ApplyOutcome = 'applied' | 'skipped';

export interface ReadModelStore {
  /** The live generation, or null when the projection was never activated. */
  head(projection: string): Promise<GenerationHead | null>;
  /**
   * The documents of `keys` that exist in the generation, by key. Rejects with CheckpointConflict
   * ('no-generation') when the generation does not exist (dropped by a rebuild's activation).
   */
  get(projection: string, generation: number, collection: string, keys: readonly string[]): Promise<ReadonlyMap<string, unknown>>;
  /**
   * One page of a collection in key order (see KeyRange), so a reader streams a collection of any
   * size; rejects like `get` when the generation does not exist.
   */
  scan(projection: string, generation: number, collection: string, range: KeyRange): Promise<readonly StoredDocument[]>;
  /**
   * How many documents a reader should ask `scan` for at a time, when the store has a preference:
   * a network store wants fewer, larger pages (each is a round trip), an embedded one pages small
   * enough to be parsed and dropped young. Readers default to 100.
   */
  readonly scanPageSize?: number;
  /**
   * Upserts the documents and moves the generation's checkpoint from `from` to `to`, atomically.
   * Skips when the checkpoint is already at or after `to`; otherwise rejects with
   * CheckpointConflict when it is not `from` or the generation does not exist (a stale writer).
   */
  applyBatch(
    projection: string,
    generation: number,
    changes: readonly StoredDocument[],
    checkpoint: CheckpointMove,
  ): Promise<ApplyOutcome>;
  /** A new, empty, not yet live generation; numbers only grow, so a discarded one is never reused. */
  beginGeneration(projection: string, version: number): Promise<number>;
  /** Makes the generation live and drops the data of every older generation, atomically. */
  activate(projection: string, generation: number): Promise<void>;
  /**
   * Takes or renews lease `name` for `holder` for `ttlMs` (see leaseDecision); the lease state,
   * or null while another holder's lease runs. One active projector per read model rests on it.
   */
  lease(name: string, holder: string, ttlMs: number): Promise<LeaseState | null>;
  /** The lease as it stands (expired or not), or null when never taken. */
  leaseState(name: string): Promise<LeaseState | null>;
  /** Gives the lease up if `fence` still holds it, so a standby takes over at once. */
  releaseLease(fence: Fence): Promise<void>;
  /** Drops a generation that will not be activated (an aborted rebuild). Never the live one. */
  discardGeneration(projection: string, generation: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * A writer whose idea of the checkpoint (or generation) is out of date: another runner moved it, or
 * a rebuild replaced the generation. The runner reloads and carries on; nothing was written.
 */
export class CheckpointConflict extends Error {
  override readonly name = 'CheckpointConflict';
  constructor(
    readonly projection: string,
    readonly generation: number,
    readonly expected: LogPosition | null,
    /** The stored checkpoint, or 'no-generation' when the generation does not exist. */
    readonly actual: LogPosition | null | 'no-generation',
  ) {
    super(
      actual === 'no-generation'
        ? `read model ${projection}: generation ${generation} does not exist (replaced by a rebuild?)`
        : `read model ${projection} generation ${generation}: checkpoint is ${show(actual)}, the writer expected ${show(expected)}`,
    );
  }
}

const show = (p: LogPosition | null): string => (p === null ? 'none' : `${p.commit}/${p.prepare}`);

/**
 * The decision every adapter makes for `applyBatch`, in one place: given the stored checkpoint,
 * apply, skip, or reject.
 */
export const checkpointDecision = (
  stored: LogPosition | null,
  move: CheckpointMove,
): ApplyOutcome | 'conflict' => {
  // A batch of documents that leaves the checkpoint where it is (a parked event marked skipped):
  // written when the writer is where the store is; being idempotent, written again if replayed.
  if (stored !== null && move.from !== null && comparePositions(move.from, move.to) === 0) return comparePositions(stored, move.from) === 0 ? 'applied' : 'conflict';
  if (stored !== null && comparePositions(stored, move.to) >= 0) return 'skipped';
  if (stored === null ? move.from === null : move.from !== null && comparePositions(stored, move.from) === 0) return 'applied';
  return 'conflict';
};

/** The smallest key after `key` in KeyRange order: where the next page starts. */
export const keyAfter = (key: string): string => `${key}\u0000`;

/** Documents per page when a collection is streamed. */
export const DEFAULT_PAGE_SIZE = 500;

/** A collection's documents in key order (the whole collection, or a key range), a page at a time. */
export async function* scanPages(
  store: Pick<ReadModelStore, 'scan'>,
  projection: string,
  generation: number,
  collection: string,
  range: Partial<KeyRange> = {},
): AsyncGenerator<readonly StoredDocument[]> {
  const limit = range.limit ?? DEFAULT_PAGE_SIZE;
  let from = range.from;
  for (;;) {
    const page = await store.scan(projection, generation, collection, { limit, ...(from === undefined ? {} : { from }), ...(range.to === undefined ? {} : { to: range.to }) });
    if (page.length > 0) yield page;
    const last = page[page.length - 1];
    if (page.length < limit || last === undefined) return;
    from = keyAfter(last.key);
  }
}

/** A whole collection (or a key range of it) in key order, one page in memory at a time. */
export async function* streamCollection(
  store: Pick<ReadModelStore, 'scan'>,
  projection: string,
  generation: number,
  collection: string,
  range: Partial<KeyRange> = {},
): AsyncGenerator<StoredDocument> {
  for await (const page of scanPages(store, projection, generation, collection, range)) yield* page;
}

/** KeyRange order for stores that sort keys themselves: UTF-8 byte order, i.e. code-point order. */
export const compareKeys = (a: string, b: string): number => {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (astral code points) sort after every BMP code unit in code-point order.
    const surrogate = (c: number) => c >= 0xd800 && c <= 0xdfff;
    if (surrogate(x) !== surrogate(y)) return surrogate(x) ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
};

shareAcrossCopies(LeaseLost, 'LeaseLost');
shareAcrossCopies(CheckpointConflict, 'CheckpointConflict');
