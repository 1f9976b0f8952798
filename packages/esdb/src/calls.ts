// The EventStoreDB store's calls to its driver: each raced against a deadline of its own (short
// until the server has answered once), reads gathered into arrays, driver failures turned into
// StoreUnavailable; and the store's open or closed state, which every call checks first.
import { BACKWARDS, END, FORWARDS, type AllStreamResolvedEvent, type Position, type ResolvedEvent, type START } from '@eventstore/db-client';
import { StoreUnavailable } from '@rapport/core';
import type { EsdbDriver } from './driver.js';
import { classifyFailure, unavailable, type EsdbRecordedEvent } from './mapping.js';

export interface EsdbCalls {
  /** Throws StoreUnavailable once the store is closed. */
  ensureOpen(): void;
  isClosed(): boolean;
  close(): void;
  /** The server answered (a subscription's first message counts too). */
  reached(): void;
  /** The deadline of the next call: connectTimeoutMs until the server has answered, then deadlineMs. */
  deadline(): number;
  /**
   * Runs a driver call; the first success marks the connection as made. The driver's own deadline
   * does not cover connecting (a server that accepts TCP and never answers hangs it), so the call
   * also races a timer of its own.
   */
  call<T>(work: () => Promise<T>): Promise<T>;
  /** The stream's events from `from`, up to `count`; empty when the stream does not exist. */
  readEvents(physical: string, from: bigint | typeof END, direction: typeof FORWARDS | typeof BACKWARDS, count: number): Promise<EsdbRecordedEvent[]>;
  /** One page of $all from `from` (inclusive, as EventStoreDB reads it). */
  readAllPage(from: Position | typeof START, count: number): Promise<AllStreamResolvedEvent[]>;
}

export const createEsdbCalls = (client: EsdbDriver, endpoint: string, { connectTimeoutMs, deadlineMs }: { readonly connectTimeoutMs: number; readonly deadlineMs: number }): EsdbCalls => {
  let connected = false;
  let closed = false;

  const deadline = (): number => (connected ? deadlineMs : connectTimeoutMs);
  const ensureOpen = (): void => {
    if (closed) throw new StoreUnavailable(`EventStoreDB event store ${endpoint} is closed`);
  };

  const call = async <T>(work: () => Promise<T>): Promise<T> => {
    ensureOpen();
    const ms = deadline();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new StoreUnavailable(`EventStoreDB event store ${endpoint}: no answer within ${ms} ms`)), ms);
    });
    try {
      const result = await Promise.race([work(), timeout]);
      connected = true;
      return result;
    } finally {
      clearTimeout(timer);
    }
  };

  const collect = async <E, T>(read: AsyncIterable<E>, map: (event: E) => T | null): Promise<T[]> => {
    const out: T[] = [];
    for await (const event of read) {
      const mapped = map(event);
      if (mapped !== null) out.push(mapped);
    }
    return out;
  };

  return {
    ensureOpen,
    isClosed: () => closed,
    close: () => {
      closed = true;
    },
    reached: () => {
      connected = true;
    },
    deadline,
    call,
    readEvents: async (physical, from, direction, count) => {
      try {
        return await call(() =>
          collect(
            client.readStream(physical, { fromRevision: from, direction, maxCount: count, deadline: deadline() }),
            (resolved: ResolvedEvent) => (resolved.event === undefined ? null : (resolved.event as EsdbRecordedEvent)),
          ),
        );
      } catch (cause) {
        if (classifyFailure(cause).kind === 'stream-not-found') {
          connected = true;
          return [];
        }
        throw unavailable(endpoint, cause);
      }
    },
    readAllPage: async (from, count) => {
      try {
        return await call(() =>
          collect(client.readAll({ fromPosition: from, maxCount: count, direction: FORWARDS, deadline: deadline() }), (resolved: AllStreamResolvedEvent) => resolved),
        );
      } catch (cause) {
        throw unavailable(endpoint, cause);
      }
    },
  };
};

/**
 * Runs work on one stream after the work queued on it before, whether that succeeded or not; a
 * stream's entry goes once its queue is empty.
 */
export const createStreamLocks = (): (<T>(stream: string, work: () => Promise<T>) => Promise<T>) => {
  const streamLocks = new Map<string, Promise<unknown>>();
  return <T>(stream: string, work: () => Promise<T>): Promise<T> => {
    const previous = streamLocks.get(stream) ?? Promise.resolve();
    const next = previous.then(work, work);
    const tail = next.catch(() => undefined);
    streamLocks.set(stream, tail);
    void tail.then(() => {
      if (streamLocks.get(stream) === tail) streamLocks.delete(stream);
    });
    return next;
  };
};
