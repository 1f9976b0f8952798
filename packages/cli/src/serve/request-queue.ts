// The dashboard answers one request at a time (each catches the read models up, and a page build
// takes a core), so requests wait their turn. A browser that gave up (a reload, a closed tab, a
// picker changed twice) has closed its connection by the time its turn comes: its request is
// dropped then, not built for nobody. And the wait has a bound, so a burst is told to come back
// rather than queued for minutes.

/**
 * Requests that may wait for their turn. A page takes tens to hundreds of milliseconds: a few
 * people's browsers never come near it, and a burst beyond it gets 503 at once instead of an
 * answer minutes later.
 */
export const MAX_WAITING = 32;

/** What became of a queued request. */
export type Turn<T> =
  | { readonly kind: 'done'; readonly value: T }
  /** The client left while it waited: nothing was done for it. */
  | { readonly kind: 'gone' }
  /** `limit` requests were already waiting: nothing was done for it. */
  | { readonly kind: 'full' };

export interface RequestQueue {
  /** Requests waiting for their turn (not the one being answered). */
  readonly waiting: number;
  /** Runs `work` after every request queued before it, unless `gone()` says the client left by then. */
  run<T>(gone: () => boolean, work: () => Promise<T>): Promise<Turn<T>>;
}

/**
 * Waits until the event loop has been through a poll phase, where closed connections are read.
 * The work before may have kept the loop busy (SQLite reads are synchronous) and ended inside an
 * I/O callback, so one setImmediate would run in the check phase right after it, before the loop
 * looked at any socket, and every queued request would look alive. Between two check phases there
 * is always a poll phase.
 */
export const pollTurn = (): Promise<void> => new Promise((resolve) => setImmediate(() => setImmediate(resolve)));

export const createRequestQueue = (limit: number): RequestQueue => {
  let tail: Promise<unknown> = Promise.resolve();
  let waiting = 0;
  return {
    get waiting() {
      return waiting;
    },
    run<T>(gone: () => boolean, work: () => Promise<T>): Promise<Turn<T>> {
      if (waiting >= limit) return Promise.resolve({ kind: 'full' });
      waiting += 1;
      const turn = tail.then(async (): Promise<Turn<T>> => {
        try {
          await pollTurn();
        } finally {
          waiting -= 1;
        }
        return gone() ? { kind: 'gone' } : { kind: 'done', value: await work() };
      });
      tail = turn.catch(() => undefined);
      return turn;
    },
  };
};
