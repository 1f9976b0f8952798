// A follower's wake-up: one subscribeToAll, from the caller's checkpoint, filtered by the server
// to this namespace's streams. It stays open between waits; each event it brings past what it
// had seen wakes the waiters. When it drops, the waiters wake (events may have come meanwhile)
// and the next wait subscribes again from the checkpoint it is given, after a back-off.
import { START, streamNameFilter } from '@eventstore/db-client';
import { comparePositions, type LogPosition, type WaitForAppendsOptions } from '@rapport/core';
import { createWaiters, delay } from '@rapport/core/store-kit';
import type { EsdbDriver, EsdbSubscription } from './driver.js';
import { logPosition, physicalStream } from './mapping.js';

/** The streams a follower's subscription asks the server for (a server-side filter, with the namespace). */
const LIVE_PREFIXES = ['client-', 'salesperson-', 'firm'] as const;
/** The first and the longest pause before subscribing again after a subscription dropped. */
const RESUBSCRIBE_FIRST_MS = 100;
const RESUBSCRIBE_LONGEST_MS = 5000;

export interface LiveFollowerContext {
  readonly client: EsdbDriver;
  readonly namespace: string;
  /** Throws when the store is closed. */
  readonly ensureOpen: () => void;
  readonly isClosed: () => boolean;
  /** An event came: the server is reachable (the store's deadlines relax from connecting to calls). */
  readonly reached: () => void;
}

export interface LiveFollower {
  /** The port's waitForAppends. */
  waitForAppends(after: LogPosition | null, waitOptions: WaitForAppendsOptions): Promise<boolean>;
  /** Ends the subscription and wakes every waiter. */
  close(): Promise<void>;
}

export const createLiveFollower = ({ client, namespace, ensureOpen, isClosed, reached }: LiveFollowerContext): LiveFollower => {
  const waiters = createWaiters();
  let subscription: EsdbSubscription | null = null;
  let seen: LogPosition | null = null;
  let resubscribeAt = 0;
  let resubscribeAfter = RESUBSCRIBE_FIRST_MS;

  const subscribe = (from: LogPosition | null): void => {
    const prefixes = LIVE_PREFIXES.map((prefix) => physicalStream(namespace, prefix));
    const opened = client.subscribeToAll({ fromPosition: from === null ? START : { commit: from.commit, prepare: from.prepare }, filter: streamNameFilter({ prefixes }) });
    subscription = opened;
    void (async () => {
      try {
        for await (const resolved of opened) {
          const position = resolved.event?.position;
          if (position === undefined) continue;
          reached();
          resubscribeAfter = RESUBSCRIBE_FIRST_MS;
          if (seen === null || comparePositions(position, seen) > 0) seen = logPosition(position);
          waiters.wake();
        }
      } catch {
        // Dropped: said below, whatever the driver's error.
      }
      if (subscription !== opened) return;
      subscription = null;
      resubscribeAt = Date.now() + resubscribeAfter;
      resubscribeAfter = Math.min(resubscribeAfter * 2, RESUBSCRIBE_LONGEST_MS);
      waiters.wake();
    })();
  };

  return {
    waitForAppends: async (after, waitOptions) => {
      ensureOpen();
      if (subscription === null) {
        const pause = resubscribeAt - Date.now();
        if (pause > 0) {
          await delay(Math.min(pause, waitOptions.timeoutMs), waitOptions.signal);
          if (pause > waitOptions.timeoutMs || waitOptions.signal?.aborted === true || isClosed()) return false;
        }
        subscribe(after);
      }
      if (seen !== null && (after === null || comparePositions(seen, after) > 0)) return true;
      return waiters.wait(waitOptions);
    },
    close: async () => {
      const open = subscription;
      subscription = null;
      waiters.wake();
      await open?.unsubscribe().catch(() => undefined);
    },
  };
};
