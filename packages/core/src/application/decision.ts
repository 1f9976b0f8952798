// One command's decision: from the snapshots of its stream and of the salespeople it names, as a
// snapshot source gives them (the executor's cache, or a group commit's overlay on it). Synchronous
// when every snapshot is at hand; a rejection reached from a snapshot that may be stale is decided
// again on fresh ones, so a cache made stale by another writer never rejects a valid command.
import { isLeft } from 'fp-ts/lib/Either.js';
import type { Command } from '../domain/commands.js';
import type { DecideContext } from '../domain/decider.js';
import type { DomainError } from '../domain/errors.js';
import type { DomainEvent } from '../domain/events.js';
import { decideStream, namedSalespeople } from '../domain/stream-kinds.js';
import { salespersonStream } from '../domain/streams.js';
import type { AppendRequest } from '../ports/event-store.js';
import type { ExecutionResult } from './result.js';
import type { StreamSnapshot } from './snapshot.js';

export interface Prepared {
  readonly command: Command;
  readonly stream: string;
  readonly occurredAt: string;
}

export type Decision =
  | { readonly kind: 'duplicate'; readonly result: ExecutionResult }
  | { readonly kind: 'rejected'; readonly error: DomainError }
  | { readonly kind: 'event'; readonly event: DomainEvent; readonly expected: AppendRequest['expected'] };

export interface Found {
  readonly snapshot: StreamSnapshot;
  readonly mayBeStale: boolean;
}

/** Where the snapshots for one decision come from, and whether any could be stale. */
export interface SnapshotSource {
  /** The snapshot if it is at hand without reading the store (a cache hit decides synchronously). */
  peek(stream: string): Found | undefined;
  get(stream: string): Promise<Found>;
  refresh(stream: string): Promise<StreamSnapshot>;
}

interface Outcome {
  readonly decision: Decision;
  readonly stale: boolean;
}

const decisionOf = (outcome: Outcome): Decision => outcome.decision;

/** What a decision may know of the salespeople its command names; a class, so no closure per command. */
class Context implements DecideContext {
  constructor(
    readonly lastOccurredAt: string | null,
    private readonly salespeople: ReadonlyMap<string, Found>,
  ) {}

  salespersonExists(id: string): boolean {
    const found = this.salespeople.get(id);
    return found !== undefined && found.snapshot.current.state !== null;
  }
}

/** The decision from the stream's snapshot and those of the salespeople the command names. */
const decideWith = (prepared: Prepared, target: Found, salespeople: ReadonlyMap<string, Found>): Outcome => {
  const { snapshot } = target;
  const commandId = prepared.command.commandId;
  if (commandId !== undefined && snapshot.commandIds.has(commandId)) {
    // A recorded commandId never goes away, so even a stale snapshot proves the duplicate.
    const position = snapshot.commandIds.get(commandId) ?? null;
    return { decision: { kind: 'duplicate', result: { status: 'duplicate', stream: prepared.stream, commandId, position } }, stale: false };
  }
  let stale = target.mayBeStale;
  for (const found of salespeople.values()) stale ||= found.mayBeStale;
  const decided = decideStream(prepared.command, snapshot.current, new Context(snapshot.lastOccurredAt, salespeople));
  if (isLeft(decided)) return { decision: { kind: 'rejected', error: decided.left }, stale };
  const expected = snapshot.revision < 0 ? 'no-stream' : snapshot.revision;
  return { decision: { kind: 'event', event: decided.right, expected }, stale };
};

const NO_SALESPEOPLE: ReadonlyMap<string, Found> = new Map();

/** Synchronous when every snapshot is at hand, which is nearly always on a busy command path. */
const decideOnce = (prepared: Prepared, source: SnapshotSource, fresh: boolean): Outcome | Promise<Outcome> => {
  const target = fresh ? undefined : source.peek(prepared.stream);
  if (target === undefined) return decideOnceReading(prepared, source, fresh);
  const named = namedSalespeople(prepared.command);
  if (named.length === 0) return decideWith(prepared, target, NO_SALESPEOPLE);
  const salespeople = new Map<string, Found>();
  for (const id of named) {
    const found = source.peek(salespersonStream(id));
    if (found === undefined) return decideOnceReading(prepared, source, fresh);
    salespeople.set(id, found);
  }
  return decideWith(prepared, target, salespeople);
};

const decideOnceReading = async (prepared: Prepared, source: SnapshotSource, fresh: boolean): Promise<Outcome> => {
  const fetch = async (stream: string): Promise<Found> =>
    fresh ? { snapshot: await source.refresh(stream), mayBeStale: false } : source.get(stream);
  const target = await fetch(prepared.stream);
  const salespeople = new Map<string, Found>();
  // A duplicate needs no salesperson: do not read their streams for it.
  const commandId = prepared.command.commandId;
  if (commandId === undefined || !target.snapshot.commandIds.has(commandId)) {
    for (const id of namedSalespeople(prepared.command)) salespeople.set(id, await fetch(salespersonStream(id)));
  }
  return decideWith(prepared, target, salespeople);
};

/** A rejection reached from a snapshot that may be stale is decided again on fresh ones. */
const confirmed = (prepared: Prepared, source: SnapshotSource, first: Outcome): Decision | Promise<Decision> =>
  first.decision.kind !== 'rejected' || !first.stale ? first.decision : decideOnceReading(prepared, source, true).then(decisionOf);

export const decide = (prepared: Prepared, source: SnapshotSource, fresh: boolean): Decision | Promise<Decision> => {
  const first = decideOnce(prepared, source, fresh);
  return first instanceof Promise ? first.then((outcome) => confirmed(prepared, source, outcome)) : confirmed(prepared, source, first);
};
