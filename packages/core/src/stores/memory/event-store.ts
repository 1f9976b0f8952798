// An event store in process memory: for tests, the demo and embedding without a database. It keeps
// every promise of the port (atomic batches, hash chain, positions), only not across restarts.
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { GENESIS_HASH, comparePositions, sequencePosition, type LogPosition, type RecordedEvent } from '../../domain/envelope.js';
import { StoreUnavailable, type AppendRequest, type EventStore, type ReadAllOptions, type StreamConflict } from '../../ports/event-store.js';
import { NO_STREAM, conflictAt, firstConflict } from '../kit/expected-revision.js';
import { sealEvent } from '../kit/seal.js';
import { sortedKeys } from '../../integrity/canonical-json.js';
import { batchSizeOf } from '../kit/read-all.js';
import { createWaiters } from '../kit/wake-up.js';
import { isoTextPerMs } from '../../domain/time/iso-instant.js';

export interface MemoryEventStoreOptions {
  /** Source of recordedAt; the only place the store reads time. */
  readonly clock?: () => Date;
}

export const createMemoryEventStore = (options: MemoryEventStoreOptions = {}): EventStore => {
  const { clock } = options;
  // Appends come many to a millisecond: the instant's text is written once per millisecond, and
  // without a clock of the caller's no Date is made for the others.
  const textPerMs = isoTextPerMs();
  const instantText = (): string => {
    const date = clock?.();
    return textPerMs(date === undefined ? Date.now() : date.getTime(), date);
  };
  // Positions are 1, 2, 3…: the event at position p sits at log[p - 1].
  const log: RecordedEvent[] = [];
  const streams = new Map<string, RecordedEvent[]>();
  let closed = false;
  // Followers waiting for appends: in one process an append can wake them directly.
  const waiters = createWaiters();

  const ensureOpen = (): void => {
    if (closed) throw new StoreUnavailable('the in-memory event store is closed');
  };

  // One system instant per append, read only if some event needs it (an import carries its own);
  // reset by each append, which runs without awaiting.
  let instant: string | undefined;
  const now = (): string => (instant ??= instantText());

  const appendAll = (requests: readonly AppendRequest[]): Either<StreamConflict, readonly RecordedEvent[]> => {
    ensureOpen();
    const conflict = requests.length === 1 ? conflictOfOne(requests[0]!) : firstConflict(requests, lastVersion);
    if (conflict !== null) return left(conflict);
    // Build everything before touching the log, so an event that cannot be serialized leaves the
    // store as it was.
    instant = undefined;
    // Where each stream's chain stands as this append goes: a map only when it touches several.
    const tips = requests.length === 1 ? undefined : new Map<string, { version: number; hash: string }>();
    const recorded: RecordedEvent[] = [];
    for (const { stream, events } of requests) {
      const tip = tips?.get(stream) ?? { version: lastVersion(stream), hash: streams.get(stream)?.at(-1)?.metadata.hash ?? GENESIS_HASH };
      for (const event of events) {
        const sealed = sealEvent(stream, tip.version + 1, tip.hash, event, now);
        const position = log.length + recorded.length + 1;
        recorded.push(
          Object.freeze({
            stream,
            streamVersion: sealed.streamVersion,
            position: Object.freeze(sequencePosition(position)),
            type: sealed.type,
            // A copy made from the canonical text, so later edits to the caller's data cannot
            // reach the store, and it reads back as a database would give it.
            data: copyOfData(sealed.data, sealed.dataJson),
            metadata: Object.freeze(sealed.metadata),
          }),
        );
        tip.version = sealed.streamVersion;
        tip.hash = sealed.metadata.hash;
      }
      tips?.set(stream, tip);
    }
    for (const event of recorded) {
      log.push(event);
      const stream = streams.get(event.stream);
      if (stream === undefined) streams.set(event.stream, [event]);
      else stream.push(event);
    }
    if (recorded.length > 0 && waiters.size > 0) waiters.wake();
    return right(recorded);
  };

  const conflictOfOne = (request: AppendRequest): StreamConflict | null => conflictAt(request.stream, request.expected, lastVersion(request.stream));

  const countAfter = (after: LogPosition | null): number => log.length - (after === null ? 0 : firstIndexAfter(log, after));

  const lastVersion = (stream: string): number => (streams.get(stream)?.length ?? 0) + NO_STREAM;

  // A new store for every call: two memory stores are never the same log.
  const identity = `memory:${globalThis.crypto.randomUUID()}`;

  return {
    append: async (request) => appendAll([request]),
    appendBatch: async (requests) => appendAll(requests),
    readStream: async (stream) => {
      ensureOpen();
      return streams.get(stream)?.slice() ?? [];
    },
    async *readAll(readOptions: ReadAllOptions = {}) {
      const batchSize = batchSizeOf(readOptions);
      ensureOpen();
      let index = readOptions.after === undefined ? 0 : firstIndexAfter(log, readOptions.after);
      // The log only grows, so an index stays valid across yields; appends made meanwhile are read too.
      while (index < log.length) {
        ensureOpen();
        const batch = log.slice(index, index + batchSize);
        index += batch.length;
        yield batch;
      }
    },
    waitForAppends: async (after, waitOptions) => {
      ensureOpen();
      if (countAfter(after) > 0) return true;
      return waiters.wait(waitOptions);
    },
    countAfter: async (after) => {
      ensureOpen();
      return countAfter(after);
    },
    identity: async () => identity,
    close: async () => {
      closed = true;
      waiters.wake();
    },
  };
};

/** Binary search: the index of the first event positioned strictly after `after`. */
const firstIndexAfter = (log: readonly RecordedEvent[], after: LogPosition): number => {
  let low = 0;
  let high = log.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (comparePositions(log[middle]!.position, after) > 0) high = middle;
    else low = middle + 1;
  }
  return low;
};

/**
 * What `JSON.parse(dataJson)` gives, frozen throughout. Data whose members are all strings, finite
 * numbers, booleans or null (every event Rapport records) is copied directly, keys in the sorted
 * order of the canonical text; anything else is parsed from that text.
 */
const copyOfData = (data: Readonly<Record<string, unknown>>, dataJson: string): Readonly<Record<string, unknown>> => {
  if (Object.getPrototypeOf(data) !== Object.prototype) return deepFreeze(JSON.parse(dataJson) as Record<string, unknown>);
  const keys = sortedKeys(data);
  const copy: Record<string, unknown> = {};
  for (const key of keys) {
    if (key === '__proto__') return deepFreeze(JSON.parse(dataJson) as Record<string, unknown>);
    const value = data[key];
    switch (typeof value) {
      case 'string':
      case 'boolean':
        copy[key] = value;
        break;
      case 'number':
        // The text writes -0 as 0 and a non-finite number as null.
        copy[key] = Number.isFinite(value) ? value + 0 : null;
        break;
      case 'undefined':
        break;
      default:
        if (value !== null) return deepFreeze(JSON.parse(dataJson) as Record<string, unknown>);
        copy[key] = null;
    }
  }
  return Object.freeze(copy);
};

const deepFreeze = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const member of Object.values(value)) deepFreeze(member);
    Object.freeze(value);
  }
  return value;
};
