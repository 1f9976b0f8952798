// Live followers of a PostgreSQL store (`waitForAppends`): a connection of its own LISTENs on the
// schema's channel (schema.ts), opened on the first wait and again after it drops; every
// notification, and every append this process commits, wakes the waiters.
import pg from 'pg';
import type { LogPosition } from '@rapport/core';
import { createWaiters, pollForAppends } from '@rapport/core/store-kit';

/** What the log holds after a position: rows readable now, and rows at all (some may be hidden). */
export interface PendingAfter {
  readonly readable: boolean;
  readonly any: boolean;
}

export interface LiveFollowersOptions {
  readonly connectionString: string;
  readonly connectionTimeoutMillis: number;
  /** The LISTEN statement for the store's channel. */
  readonly listenSql: string;
  readonly pendingAfter: (after: LogPosition | null) => Promise<PendingAfter>;
  /** Whether the store has been closed: a connection that opens after it is ended at once. */
  readonly isClosed: () => boolean;
}

export interface LiveFollowers {
  /** After a commit: this process's followers read now, other processes' when the NOTIFY comes. */
  committed(): void;
  waitForAppends(after: LogPosition | null, options: { readonly timeoutMs: number; readonly signal?: AbortSignal }): Promise<boolean>;
  /** Wakes every waiter (the store is closing). */
  wakeAll(): void;
  /** Ends the listening connection. */
  close(): Promise<void>;
}

export const createLiveFollowers = ({ connectionString, connectionTimeoutMillis, listenSql, pendingAfter, isClosed }: LiveFollowersOptions): LiveFollowers => {
  const waiters = createWaiters();
  let notifications = 0;
  const heard = (): void => {
    notifications++;
    waiters.wake();
  };
  let listener: Promise<pg.Client> | null = null;
  let listening: pg.Client | null = null;
  const listen = (): Promise<pg.Client> => {
    if (listener !== null) return listener;
    const client = new pg.Client({ connectionString, connectionTimeoutMillis, keepAlive: true });
    let gone = false;
    const dropped = (): void => {
      if (gone) return;
      gone = true;
      if (listening === client) listening = null;
      if (current === listener) listener = null;
      client.end().catch(() => undefined);
      // Notifications sent while it was down are lost: wake the waiters, so they read.
      heard();
    };
    client.on('notification', heard);
    client.on('error', dropped);
    client.on('end', dropped);
    const current: Promise<pg.Client> = (async () => {
      try {
        await client.connect();
        await client.query(listenSql);
      } catch (cause) {
        dropped();
        throw cause;
      }
      if (isClosed()) await client.end().catch(() => undefined);
      else listening = client;
      return client;
    })();
    listener = current;
    return current;
  };

  return {
    committed: () => {
      if (waiters.size > 0) heard();
    },
    waitForAppends: async (after, options) => {
      const readable = async (): Promise<boolean> => (await pendingAfter(after)).readable;
      try {
        // Listening before looking: a commit after the look is notified, one before it is seen.
        await listen();
      } catch {
        // No live wake-up now (the next wait tries again): poll until the timeout.
        return pollForAppends(readable, options);
      }
      const before = notifications;
      const pending = await pendingAfter(after);
      if (pending.readable || notifications !== before) return true;
      // Rows committed behind an older open writer become readable when it ends, and its commit
      // need not notify (notifications are merged, and a writer may fail): look again, with back-off.
      if (pending.any) return pollForAppends(readable, options);
      return waiters.wait(options);
    },
    wakeAll: () => waiters.wake(),
    close: async () => {
      const open = listening;
      listening = null;
      listener = null;
      await open?.end().catch(() => undefined);
    },
  };
};
