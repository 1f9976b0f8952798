// A stand-in for EventStoreDB's client, in memory, with the server behaviour the adapter relies on:
// expected revisions checked at append (WrongExpectedVersionError), a missing stream read as
// StreamNotFoundError, $all read from a position inclusively, positions that grow with gaps, system
// events in $all, and an await between every call's start and its effect so concurrent callers
// interleave. It lets the shared contract exercise the adapter's logic where no server can run; it
// proves nothing about the real server, which esdb.test.ts covers when one is available.
import {
  END,
  NO_STREAM,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type AppendResult,
  type AppendToStreamOptions,
  type EventData,
  type Position,
  type ReadAllOptions,
  type ReadStreamOptions,
  type ResolvedEvent,
  type SubscribeToAllOptions,
} from '@eventstore/db-client';
import type { EsdbDriver, EsdbSubscription } from '../src/driver.js';

interface FakeRecord {
  readonly streamId: string;
  readonly id: string;
  readonly revision: bigint;
  readonly type: string;
  readonly isJson: boolean;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly created: Date;
  readonly position: Position;
}

export interface FakeEsdb extends EsdbDriver {
  /** Every record, system events included, in $all order. */
  readonly records: readonly FakeRecord[];
  /** How many times a store disposed of it. */
  readonly disposals: number;
  /** How many appends it refused with WrongExpectedVersionError. */
  readonly refusals: number;
  /** Every subscribeToAll call's options, in order. */
  readonly subscriptions: readonly SubscribeToAllOptions[];
  /** Subscriptions still delivering. */
  readonly liveSubscriptions: number;
  /** Ends every live subscription with this error, as a dropped connection does. */
  dropSubscriptions(error: Error): void;
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const copy = (value: unknown): unknown => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

/**
 * `systemEvery`: after every n-th append, a system event lands in $all too. `throwOnAppendFailure`:
 * false answers a wrong expected revision as the client does with that connection-string option,
 * `{ success: false }` with the stream's revision, instead of throwing.
 */
export const createFakeEsdb = ({ systemEvery = 3, throwOnAppendFailure = true }: { systemEvery?: number; throwOnAppendFailure?: boolean } = {}): FakeEsdb => {
  const records: FakeRecord[] = [];
  const streams = new Map<string, FakeRecord[]>();
  let commit = 0n;
  let appends = 0;
  let disposals = 0;
  let refusals = 0;
  const subscriptions: SubscribeToAllOptions[] = [];
  const live = new Set<{ readonly wake: () => void; readonly fail: (error: Error) => void }>();

  const write = (streamId: string, event: EventData): FakeRecord => {
    const stream = streams.get(streamId) ?? [];
    // Positions are byte offsets in the real log: they grow, with gaps.
    commit += 64n + BigInt(JSON.stringify(event.data).length);
    const record: FakeRecord = {
      streamId,
      id: event.id,
      revision: BigInt(stream.length),
      type: event.type,
      isJson: event.contentType === 'application/json',
      data: copy(event.data),
      metadata: copy(event.metadata),
      created: new Date(0),
      position: { commit, prepare: commit },
    };
    stream.push(record);
    streams.set(streamId, stream);
    records.push(record);
    for (const subscriber of live) subscriber.wake();
    return record;
  };

  const resolved = (record: FakeRecord): AllStreamResolvedEvent => ({
    event: { ...record, data: copy(record.data), metadata: copy(record.metadata) } as AllStreamResolvedEvent['event'],
    commitPosition: record.position.commit,
  });

  return {
    records,
    get disposals() {
      return disposals;
    },
    get refusals() {
      return refusals;
    },
    subscriptions,
    get liveSubscriptions() {
      return live.size;
    },
    dropSubscriptions: (error: Error) => {
      for (const subscriber of [...live]) subscriber.fail(error);
    },
    // A catch-up subscription as the server runs it: the records after `fromPosition` that pass the
    // filter (stream-name prefixes or regex), then each new one as it is written, until unsubscribed
    // or dropped.
    subscribeToAll: (options: SubscribeToAllOptions): EsdbSubscription => {
      subscriptions.push(options);
      const from = options.fromPosition ?? START;
      const filter = options.filter;
      const passes = (record: FakeRecord): boolean => {
        if (filter === undefined) return true;
        if ('prefixes' in filter) return filter.prefixes.some((prefix) => record.streamId.startsWith(prefix));
        return new RegExp(filter.regex).test(record.streamId);
      };
      let index = from === START ? 0 : from === END ? records.length : records.filter((r) => r.position.commit <= from.commit).length;
      let stopped = false;
      let failure: Error | undefined;
      let notify: (() => void) | undefined;
      const subscriber = {
        wake: () => notify?.(),
        fail: (error: Error) => {
          failure = error;
          notify?.();
        },
      };
      live.add(subscriber);
      const events = (async function* () {
        try {
          for (;;) {
            await tick();
            if (failure !== undefined) throw failure;
            if (stopped) return;
            while (index < records.length) {
              const record = records[index++]!;
              if (passes(record)) yield resolved(record);
            }
            await new Promise<void>((resolve) => (notify = resolve));
            notify = undefined;
          }
        } finally {
          live.delete(subscriber);
        }
      })();
      return Object.assign(events, {
        unsubscribe: async () => {
          stopped = true;
          notify?.();
        },
      });
    },
    appendToStream: async (streamId: string, events: EventData[], options: AppendToStreamOptions): Promise<AppendResult> => {
      await tick();
      const current = streams.get(streamId);
      const expected = options.expectedRevision ?? 'any';
      const last = current === undefined ? undefined : BigInt(current.length - 1);
      const holds = expected === 'any' || (expected === NO_STREAM ? last === undefined : expected === 'stream_exists' ? last !== undefined : expected === last);
      if (!holds) {
        refusals++;
        if (!throwOnAppendFailure) return { success: false, nextExpectedRevision: last ?? -1n, position: undefined };
        throw new WrongExpectedVersionError(undefined, { streamName: streamId, expected, current: last ?? NO_STREAM });
      }
      const written = events.map((event) => write(streamId, event));
      if (++appends % systemEvery === 0) {
        write('$stats-127.0.0.1:2113', { id: `stats-${appends}`, contentType: 'application/json', type: '$statistics-collected', data: { appends }, metadata: undefined });
      }
      await tick();
      return { success: true, nextExpectedRevision: written.at(-1)?.revision ?? last ?? -1n, position: written.at(-1)?.position };
    },
    readStream: (streamId: string, options: ReadStreamOptions): AsyncIterable<ResolvedEvent> =>
      (async function* () {
        await tick();
        const stream = streams.get(streamId);
        if (stream === undefined) throw new StreamNotFoundError(undefined, streamId);
        const backwards = options.direction === 'backwards';
        const from = options.fromRevision ?? (backwards ? END : START);
        const ordered = backwards ? [...stream].reverse() : stream;
        const start = ordered.filter((r) =>
          from === START || from === END ? true : backwards ? r.revision <= from : r.revision >= from,
        );
        const count = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
        for (const record of start.slice(0, count)) yield resolved(record) as ResolvedEvent;
      })(),
    readAll: (options: ReadAllOptions): AsyncIterable<AllStreamResolvedEvent> =>
      (async function* () {
        await tick();
        const from = options.fromPosition ?? START;
        if (options.direction === 'backwards') throw new Error('the fake reads $all forwards only');
        const after = from === START ? records : from === END ? [] : records.filter((r) => r.position.commit >= from.commit);
        const count = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
        for (const record of after.slice(0, count)) yield resolved(record);
      })(),
    dispose: async () => {
      disposals++;
    },
  };
};
