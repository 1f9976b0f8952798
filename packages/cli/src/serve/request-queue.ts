// The dashboard answers one request at a time (each catches the read models up, and a page build
// takes a core), so requests wait their turn. A browser that gave up (a reload, a closed tab, a
// picker changed twice) has closed its connection by the time its turn comes: its request is
// dropped then, not built for nobody. And the wait has a bound, so a burst is told to come back
// rather than queued for minutes. On shutdown the waiting are told so at once, and the request
// under way is let finish.

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
  | { readonly kind: 'full' }
  /** The queue was closed (the server is stopping) before its turn: nothing was done for it. */
  | { readonly kind: 'closed' };

export interface RequestQueue {
  /** Requests waiting for their turn (not the one being answered). */
  readonly waiting: number;
  /** Runs `work` after every request queued before it, unless `gone()` says the client left by then. */
  run<T>(gone: () => boolean, work: () => Promise<T>): Promise<Turn<T>>;
  /**
   * Settles every waiting request as `closed` now, and every later one; resolves once the work
   * under way (if any) has ended.
   */
  close(): Promise<void>;
}

/**
 * Waits until the event loop has been through a poll phase, where closed connections are read.
 * Between two check phases there is always a poll phase. A request's turn waits for one after the
 * work before it ended, and one after the request itself was read:
 * - the work before may have kept the loop busy (SQLite reads are synchronous) and ended inside an
 *   I/O callback, so one setImmediate would run in the check phase right after it, before the loop
 *   looked at any socket;
 * - a request read while the loop was busy comes with its client's FIN behind it, and that is read
 *   in the poll phase after the one that read the request.
 * Without either, a client that left while a page was built looks alive and its page is built too.
 */
export const pollTurn = (): Promise<void> => new Promise((resolve) => setImmediate(() => setImmediate(resolve)));

interface Waiting {
  /** Resolves once the loop has polled its sockets since this request was queued. */
  readonly polled: Promise<void>;
  readonly gone: () => boolean;
  readonly work: () => Promise<unknown>;
  readonly settle: (turn: Turn<unknown>) => void;
  readonly fail: (error: unknown) => void;
}

export const createRequestQueue = (limit: number): RequestQueue => {
  const waiting: Waiting[] = [];
  let closed = false;
  /** The turns being taken, from the first waiting request to the last. */
  let turns: Promise<void> = Promise.resolve();
  let taking = false;

  const takeTurns = async (): Promise<void> => {
    // Entries leave the array when their turn comes, so `waiting.length` counts the ones still waiting.
    for (;;) {
      await pollTurn();
      const next = waiting[0];
      // Set in the same synchronous step as the emptiness is seen, so no request is left unserved.
      if (next === undefined) return void (taking = false);
      await next.polled;
      // close() settled it meanwhile.
      if (waiting[0] !== next) continue;
      waiting.shift();
      if (next.gone()) {
        next.settle({ kind: 'gone' });
        continue;
      }
      try {
        next.settle({ kind: 'done', value: await next.work() });
      } catch (error) {
        next.fail(error);
      }
    }
  };

  return {
    get waiting() {
      return waiting.length;
    },
    run<T>(gone: () => boolean, work: () => Promise<T>): Promise<Turn<T>> {
      if (closed) return Promise.resolve({ kind: 'closed' });
      if (waiting.length >= limit) return Promise.resolve({ kind: 'full' });
      const turn = new Promise<Turn<T>>((settle, fail) => waiting.push({ polled: pollTurn(), gone, work, settle: settle as (turn: Turn<unknown>) => void, fail }));
      if (!taking) {
        taking = true;
        turns = takeTurns();
      }
      return turn;
    },
    async close(): Promise<void> {
      closed = true;
      for (const entry of waiting.splice(0)) entry.settle({ kind: 'closed' });
      await turns;
    },
  };
};
