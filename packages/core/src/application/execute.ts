// The command path: parse, load the stream, decide, append with the exact expected revision.
// Conflicts reload and retry; rejections reached from a cached snapshot are confirmed against the
// store, so a cache made stale by another writer never rejects a valid command.
import { isLeft } from 'fp-ts/lib/Either.js';
import type { LogPosition, NewEvent, RecordedEvent } from '../domain/envelope.js';
import { domainError, type DomainError } from '../domain/errors.js';
import { FUTURE_LIMIT_MS } from '../domain/future-limit.js';
import { SCHEMA_VERSION, type DomainEvent } from '../domain/events.js';
import type { AppendRequest, EventStore } from '../ports/event-store.js';
import { commandIdOf, parseCommand } from '../domain/parse-command.js';
import { isoTextPerMs } from '../domain/time/iso-instant.js';
import { isEarlier } from '../domain/time/iso-text.js';
import type { ExecutionResult } from './result.js';
import { namedSalespeople, opensStream, targetStream } from '../domain/stream-kinds.js';
import { salespersonStream } from '../domain/streams.js';
import { decide, type Prepared, type SnapshotSource } from './decision.js';
import { createSnapshotCache } from './snapshot-cache.js';
import { advance, emptySnapshot, withCommittedPositions, foldStream, type StreamSnapshot } from './snapshot.js';
import { instrumentExecutor } from '../telemetry/commands.js';
import { positiveInteger } from './options.js';

export interface CommandExecutorOptions {
  readonly store: EventStore;
  /** The only clock the command path reads: for a missing occurredAt in 'default-to-clock' mode. */
  readonly clock?: () => Date;
  /** Command files must say when things happened (SPEC §3); the API defaults occurredAt to now. */
  readonly occurredAt?: 'required' | 'default-to-clock';
  readonly maxAttempts?: number;
  readonly cacheCapacity?: number;
  /**
   * Stamp recordedAt from `clock` (one instant per append or group commit) instead of leaving it to
   * the store's own clock: createRapport does, so one clock serves recordedAt and default instants.
   */
  readonly stampRecordedAt?: boolean;
}

export interface CommandExecutor {
  execute(input: unknown): Promise<ExecutionResult>;
  /**
   * Group commit: decides the commands in order as if one at a time, then appends all their events
   * in one transaction. Falls back to one at a time where the store has no multi-stream transaction
   * or another writer got in between.
   */
  executeBatch(inputs: readonly unknown[]): Promise<ExecutionResult[]>;
}

const rejected = (input: unknown, error: DomainError): ExecutionResult => ({
  status: 'rejected',
  error,
  commandId: commandIdOf(input),
});

export const newEventFor = (prepared: Prepared, event: DomainEvent, recordedAt?: string): NewEvent => {
  const { command } = prepared;
  const commandId = command.commandId ?? null;
  const actor = command.actor ?? 'system';
  const correlationId = command.correlationId ?? commandId;
  const causationId = command.causationId ?? commandId;
  // Two literals rather than a spread of an optional field: this runs for every command.
  const metadata: NewEvent['metadata'] =
    recordedAt === undefined
      ? { occurredAt: prepared.occurredAt, actor, commandId, correlationId, causationId, schemaVersion: SCHEMA_VERSION }
      : { occurredAt: prepared.occurredAt, actor, commandId, correlationId, causationId, schemaVersion: SCHEMA_VERSION, recordedAt };
  return { type: event.type, data: event.data, metadata };
};

/**
 * How long a retry after a conflict waits: the first at once (it reloads a stale snapshot), later
 * ones up to 2, 4, 8 ms at random, so writers in other processes racing on one stream stop
 * colliding in lockstep.
 */
const retryPause = (attempt: number): Promise<void> | undefined =>
  attempt <= 2 ? undefined : new Promise((resolve) => setTimeout(resolve, Math.random() * 2 ** (attempt - 2)));

export const createCommandExecutor = (options: CommandExecutorOptions): CommandExecutor => {
  const { store } = options;
  if (options.clock !== undefined && typeof options.clock !== 'function') throw new TypeError(`clock must be a function returning a Date, got ${typeof options.clock}`);
  if (options.occurredAt !== undefined && options.occurredAt !== 'required' && options.occurredAt !== 'default-to-clock') {
    throw new RangeError(`occurredAt must be required or default-to-clock, got ${JSON.stringify(options.occurredAt)}`);
  }
  const clock = options.clock ?? (() => new Date());
  // Commands come many to a millisecond: the instant's text is written once per millisecond.
  const recordedText = isoTextPerMs();
  /** The moment an append is recorded at, when this executor stamps it. */
  const recordingMoment = (): { readonly ms: number; readonly text: string } | undefined => {
    if (options.stampRecordedAt !== true) return undefined;
    const now = clock();
    const ms = now.getTime();
    return { ms, text: recordedText(ms, now) };
  };
  const maxAttempts = positiveInteger('maxAttempts', options.maxAttempts ?? 5);
  // A client's snapshot holds ~2.2 KB (measured on a generated firm: ~230 bytes per event, most of
  // it the commandId → position map), so 50,000 streams stay near 110 MB; 10,000 thrashed on a
  // 30,000-client firm, where an interleaved command file misses the cache on nearly every line.
  const cache = createSnapshotCache(positiveInteger('cacheCapacity', options.cacheCapacity ?? 50_000));

  const load = async (stream: string): Promise<StreamSnapshot> => foldStream(stream, await store.readStream(stream));

  // The future limit as text, written once per millisecond, so that the check on every command
  // compares text (see isEarlier) instead of parsing the command's instant.
  const limitText = isoTextPerMs();
  const isAfter = (instant: string, ms: number): boolean => isEarlier(limitText(ms), instant);

  /**
   * `at` is the moment a group commit's events are recorded at, when this executor stamps it: each
   * command's future limit is then counted from it, so no event records an occurredAt more than 24
   * hours after its own recordedAt (import holds every event to that).
   */
  const prepare = (input: unknown, at?: number): Prepared | DomainError => {
    const parsed = parseCommand(input);
    if (isLeft(parsed)) return parsed.left;
    const command = parsed.right;
    if (command.occurredAt === undefined && options.occurredAt === 'required') {
      return domainError('InvalidCommand', 'occurredAt is required: an instant YYYY-MM-DDTHH:MM:SSZ', 'occurredAt');
    }
    const now = at ?? (options.clock === undefined ? Date.now() : clock().getTime());
    const occurredAt = command.occurredAt ?? new Date(now).toISOString();
    // SPEC §3: a shape check, so a mistyped year never stands in a stream making every later command OutOfOrder.
    if (isAfter(occurredAt, now + FUTURE_LIMIT_MS)) {
      return domainError('InvalidCommand', `occurredAt ${occurredAt} is more than 24 hours after now (${new Date(now).toISOString()})`, 'occurredAt');
    }
    // parseCommand's command is a new object: set occurredAt on a copy only when it was defaulted.
    return { command: command.occurredAt === occurredAt ? command : { ...command, occurredAt }, stream: targetStream(command), occurredAt };
  };

  const cachedSource: SnapshotSource = {
    peek: (stream) => {
      const hit = cache.get(stream);
      return hit === undefined ? undefined : { snapshot: hit, mayBeStale: true };
    },
    get: async (stream) => {
      const hit = cache.get(stream);
      if (hit !== undefined) return { snapshot: hit, mayBeStale: true };
      const snapshot = await load(stream);
      cache.set(snapshot);
      return { snapshot, mayBeStale: false };
    },
    refresh: async (stream) => {
      const snapshot = await load(stream);
      cache.set(snapshot);
      return snapshot;
    },
  };

  /**
   * Loads, in one readStreams call, every stream a batch's commands will read that the cache does
   * not hold: on a growing firm most of a batch's streams are new, and a query each cost more than
   * deciding them. Without readStreams, decide reads them one at a time as before.
   */
  const prefetch = async (prepared: readonly (Prepared | DomainError)[], loaded: (stream: string, snapshot: StreamSnapshot) => void): Promise<void> => {
    const { readStreams } = store;
    if (readStreams === undefined) return;
    const wanted = new Set<string>();
    const want = (stream: string): void => {
      if (cache.peek(stream) === undefined) wanted.add(stream);
    };
    for (const p of prepared) {
      if ('code' in p) continue;
      want(p.stream);
      for (const id of namedSalespeople(p.command)) want(salespersonStream(id));
    }
    if (wanted.size === 0) return;
    const found = await readStreams([...wanted]);
    for (const stream of wanted) {
      const snapshot = foldStream(stream, found.get(stream) ?? []);
      cache.set(snapshot);
      loaded(stream, snapshot);
    }
  };

  // Commands on one stream run one after another in this executor: run side by side they would
  // only conflict with each other and use up their retries (six at once on one client left one
  // rejected as Conflict). Other streams go on meanwhile; other processes are what retries are for.
  const running = new Map<string, Promise<unknown>>();
  const execute = async (input: unknown): Promise<ExecutionResult> => {
    const prepared = prepare(input);
    if ('code' in prepared) return rejected(input, prepared);
    const before = running.get(prepared.stream);
    const run = (): Promise<ExecutionResult> => executePrepared(input, prepared);
    // After the one before it has settled, either way: its failure is its caller's.
    const mine = before === undefined ? run() : before.then(run, run);
    running.set(prepared.stream, mine);
    try {
      return await mine;
    } finally {
      if (running.get(prepared.stream) === mine) running.delete(prepared.stream);
    }
  };

  const executePrepared = async (input: unknown, prepared: Prepared): Promise<ExecutionResult> => {
    // A registration for a stream never read here is decided on the empty stream without reading
    // it: the append expects no stream, so if it exists after all the append conflicts and the
    // retry reads it, and a rejection from a cached snapshot is confirmed against the store as
    // always. A new client's first command thus costs one round trip to the store, not two.
    if (opensStream(prepared.command) && cache.peek(prepared.stream) === undefined) cache.set(emptySnapshot(prepared.stream));
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const pause = retryPause(attempt);
      if (pause !== undefined) await pause;
      const pending = decide(prepared, cachedSource, attempt > 1);
      const decision = pending instanceof Promise ? await pending : pending;
      if (decision.kind === 'duplicate') return decision.result;
      if (decision.kind === 'rejected') return rejected(input, decision.error);
      const appended = await store.append({
        stream: prepared.stream,
        expected: decision.expected,
        events: [newEventFor(prepared, decision.event, recordingMoment()?.text)],
      });
      if (isLeft(appended)) {
        cache.delete(prepared.stream);
        continue;
      }
      const recorded = appended.right[0];
      if (recorded === undefined) throw new Error(`store returned no event for an append to ${prepared.stream}`);
      // A concurrent caller may have reloaded the stream meanwhile, event included: advance only
      // a snapshot that is exactly one revision behind, and drop any other.
      const before = cache.peek(prepared.stream);
      if (before?.revision === recorded.streamVersion - 1) {
        cache.set(advance(before, decision.event, recorded.streamVersion, recorded.metadata.occurredAt, recorded.metadata.commandId, recorded.position));
      } else cache.delete(prepared.stream);
      return { status: 'applied', event: recorded };
    }
    return rejected(
      input,
      domainError('Conflict', `stream ${prepared.stream} kept changing concurrently; gave up after ${maxAttempts} attempts`),
    );
  };

  const executeBatch = async (given: readonly unknown[]): Promise<ExecutionResult[]> => {
    // A sparse array's holes become undefined, each an InvalidCommand like any other non-command:
    // map and for-of would otherwise skip them or hand on a hole as a missing result.
    const inputs = Array.from(given);
    const { appendBatch } = store;
    const sequential = async () => {
      const results: ExecutionResult[] = [];
      for (const input of inputs) results.push(await execute(input));
      return results;
    };
    if (appendBatch === undefined) return sequential();
    // One transaction, one moment of recording (as a store's own clock would stamp it).
    const moment = recordingMoment();
    const batchInstant = moment?.text;

    // Snapshots as this batch has left them; `pending` ones hold events not yet committed, which a
    // reload from the store would lose, and whose staleness the batch append itself will catch.
    // A snapshot taken from the cache stays `mayBeStale` for the rest of the batch, so a rejection
    // based on it is still confirmed against the store.
    const overlay = new Map<string, { snapshot: StreamSnapshot; pending: boolean; mayBeStale: boolean }>();
    const batchSource: SnapshotSource = {
      peek: (stream) => {
        const mine = overlay.get(stream);
        if (mine !== undefined) return { snapshot: mine.snapshot, mayBeStale: mine.mayBeStale };
        const found = cachedSource.peek(stream);
        if (found !== undefined) overlay.set(stream, { snapshot: found.snapshot, pending: false, mayBeStale: found.mayBeStale });
        return found;
      },
      get: async (stream) => {
        const mine = overlay.get(stream);
        if (mine !== undefined) return { snapshot: mine.snapshot, mayBeStale: mine.mayBeStale };
        const found = await cachedSource.get(stream);
        overlay.set(stream, { snapshot: found.snapshot, pending: false, mayBeStale: found.mayBeStale });
        return found;
      },
      refresh: async (stream) => {
        const mine = overlay.get(stream);
        if (mine?.pending === true) return mine.snapshot;
        const snapshot = await cachedSource.refresh(stream);
        overlay.set(stream, { snapshot, pending: false, mayBeStale: false });
        return snapshot;
      },
    };

    const preparedAll = inputs.map((input) => prepare(input, moment?.ms));
    await prefetch(preparedAll, (stream, snapshot) => overlay.set(stream, { snapshot, pending: false, mayBeStale: false }));

    const results: (ExecutionResult | number)[] = [];
    const requests: AppendRequest[] = [];
    for (let i = 0; i < inputs.length; i++) {
      const input = inputs[i];
      const prepared = preparedAll[i]!;
      if ('code' in prepared) {
        results.push(rejected(input, prepared));
        continue;
      }
      const pending = decide(prepared, batchSource, false);
      const decision = pending instanceof Promise ? await pending : pending;
      if (decision.kind === 'duplicate') results.push(decision.result);
      else if (decision.kind === 'rejected') results.push(rejected(input, decision.error));
      else {
        const snapshot = overlay.get(prepared.stream)?.snapshot ?? (await batchSource.get(prepared.stream)).snapshot;
        const event = newEventFor(prepared, decision.event, batchInstant);
        results.push(requests.length);
        requests.push({ stream: prepared.stream, expected: decision.expected, events: [event] });
        overlay.set(prepared.stream, {
          snapshot: advance(snapshot, decision.event, snapshot.revision + 1, event.metadata.occurredAt, event.metadata.commandId, null),
          pending: true,
          mayBeStale: false,
        });
      }
    }
    if (requests.length === 0) return results as ExecutionResult[];

    const committed = await appendBatch(requests);
    if (isLeft(committed)) {
      for (const stream of overlay.keys()) cache.delete(stream);
      return sequential();
    }
    const committedOf = new Map<string, RecordedEvent[]>();
    for (const e of committed.right) {
      const mine = committedOf.get(e.stream);
      if (mine === undefined) committedOf.set(e.stream, [e]);
      else mine.push(e);
    }
    for (const entry of overlay.values()) {
      if (entry.pending) entry.snapshot = withCommittedPositions(entry.snapshot, committedOf.get(entry.snapshot.stream) ?? []);
      cache.set(entry.snapshot);
    }
    // A duplicate of a command earlier in this batch learns its position now (looked up in the
    // snapshot just settled, so no index of the whole batch is built for the rare case).
    const positionOf = (stream: string, commandId: string): LogPosition | null => overlay.get(stream)?.snapshot.commandIds.get(commandId) ?? null;
    return results.map((r) => {
      if (typeof r !== 'number') return r.status === 'duplicate' && r.position === null ? { ...r, position: positionOf(r.stream, r.commandId) } : r;
      const event = committed.right[r];
      if (event === undefined) throw new Error('store returned fewer events than the batch appended');
      return { status: 'applied', event };
    });
  };

  return instrumentExecutor({ execute, executeBatch });
};
