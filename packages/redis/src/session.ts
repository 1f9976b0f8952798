// How the Redis read-model store talks to its connection: one step at a time (WATCH belongs to
// the connection), each step optimistic (WATCH, read, plan, MULTI/EXEC, again from the reads when
// EXEC was aborted), and every failure translated at the port into the errors callers know.
import type { ChainableCommander, Cluster, Redis } from 'ioredis';
import { CheckpointConflict, InvalidStoreLocation, LeaseLost, StoreUnavailable } from '@rapport/core';
import { connectRedis, type ConnectionOptions } from './connection.js';

/** Optimistic steps that keep losing to other writers give up after this many tries. */
const ATTEMPTS = 20;

/** A step's reads led to no write: `result` is the answer. Or the writes to EXEC, and the answer if they commit. */
export type Plan<T> = { readonly result: T; readonly writes?: ChainableCommander };

/** Refusing to discard the live generation: the caller's mistake, not the store failing. */
export class LiveGenerationDiscard extends Error {
  override readonly name = 'LiveGenerationDiscard';
}

export interface RedisSession {
  /** The client, for the reads and writes of a step; use it only inside `exclusive`. */
  readonly redis: Redis | Cluster;
  /** Runs `work` alone on the connection (WATCH is per connection), translating failures at the port. */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  /** WATCH `keys`, plan from fresh reads, EXEC the plan's writes; again from the reads if EXEC was aborted. */
  optimistic<T>(keys: readonly string[], plan: () => Promise<Plan<T>>): Promise<T>;
  /** Lets the step under way finish, then closes the connection; later steps fail as closed. */
  close(): Promise<void>;
}

/** The messages of the commands a failed MULTI had queued (ioredis keeps them on the EXECABORT). */
const queuedMessages = (error: Error): string[] => {
  const previous = (error as Error & { previousErrors?: unknown }).previousErrors;
  return Array.isArray(previous) ? previous.map((e: unknown) => (e instanceof Error ? e.message : String(e))) : [];
};

/**
 * A failed MULTI says only "EXECABORT Transaction discarded because of previous errors"; the
 * errors of the commands queued in it say why (a Redis over its maxmemory: "OOM command not
 * allowed…", even for the reads a report queues).
 */
const withQueuedErrors = (error: Error): string => {
  const reasons = [...new Set(queuedMessages(error))];
  return reasons.length === 0 ? error.message : `${error.message}: ${reasons.join('; ')}`;
};

/**
 * A cluster moving a slot answers a command on several of its keys with TRYAGAIN while some have
 * moved and some not: "retry shortly", not an unreachable store. The step runs again, for a few
 * seconds at most: a refused MULTI was discarded whole, and a step whose first part had already
 * committed meets its own checkpoint moved (CheckpointConflict), never applies anything twice.
 */
const TRYAGAIN_WAITS_MS = [20, 50, 100, 200, 400, 800, 1000, 1000];

const isTryAgain = (cause: unknown): boolean =>
  cause instanceof Error && [cause.message, ...queuedMessages(cause)].some((message) => message.startsWith('TRYAGAIN'));

export const retriedWhileResharding = async <T>(work: () => Promise<T>, waits: readonly number[] = TRYAGAIN_WAITS_MS): Promise<T> => {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (cause) {
      const wait = waits[attempt];
      if (wait === undefined || !isTryAgain(cause)) throw cause;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
};

/** `name` (the store's, its URL redacted) heads every message of a StoreUnavailable. */
export const openRedisSession = (url: string, name: string, options: ConnectionOptions): RedisSession => {
  const connection = connectRedis(url, options);
  const redis = connection.client;
  let closed = false;
  let queue: Promise<unknown> = Promise.resolve();

  const translated = (cause: unknown): unknown => {
    if (
      cause instanceof StoreUnavailable ||
      cause instanceof InvalidStoreLocation ||
      cause instanceof CheckpointConflict ||
      cause instanceof LeaseLost ||
      cause instanceof LiveGenerationDiscard ||
      cause instanceof TypeError ||
      cause instanceof RangeError
    ) {
      return cause;
    }
    // ioredis fails a command that waited through its reconnection attempts with "Reached the max
    // retries per request limit"; the connection's own error says what is wrong.
    const gaveUp = cause instanceof Error && cause.name === 'MaxRetriesPerRequestError';
    const message = gaveUp ? 'cannot reach the server' : cause instanceof Error ? withQueuedErrors(cause) : String(cause);
    const connectionError = connection.lastError();
    const detail = connectionError === undefined || connectionError.message === message ? message : `${message}: ${connectionError.message}`;
    return new StoreUnavailable(`${name}: ${detail}`, { cause });
  };

  // UNWATCH has no key, so a cluster client would send it to a random node and leave the WATCH
  // standing on the node that has it; an EXEC with a keyed command ends the WATCH where it is.
  const unwatch = async (keys: readonly string[]): Promise<void> => {
    const [key] = keys;
    if (key === undefined) return;
    await redis.multi().exists(key).exec();
  };

  return {
    redis,
    exclusive: <T>(work: () => Promise<T>): Promise<T> => {
      if (closed) return Promise.reject(new StoreUnavailable(`${name} is closed`));
      const run = queue.then(connection.ready).then(() => retriedWhileResharding(work)).catch((cause: unknown) => {
        throw translated(cause);
      });
      queue = run.catch(() => undefined);
      return run;
    },
    optimistic: async <T>(keys: readonly string[], plan: () => Promise<Plan<T>>): Promise<T> => {
      for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
        await redis.watch(...keys);
        let planned: Plan<T>;
        try {
          planned = await plan();
        } catch (error) {
          await unwatch(keys);
          throw error;
        }
        if (planned.writes === undefined) {
          await unwatch(keys);
          return planned.result;
        }
        const replies = await planned.writes.exec();
        if (replies === null) continue;
        const failed = replies.find(([error]) => error !== null);
        if (failed !== undefined) throw failed[0];
        return planned.result;
      }
      throw new StoreUnavailable(`${name}: gave up after ${ATTEMPTS} tries against concurrent writers`);
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await queue;
      await connection.close();
    },
  };
};
