// The wake-up of live followers (`rapport project --follow`): a NOTIFY on the schema's channel
// soon after appends commit. Not one per append: a NOTIFY makes PostgreSQL take one cluster-wide
// lock from before its transaction's commit until after its WAL flush, so when every append
// notified (the statement trigger this replaces), every writer committed one at a time: ten in
// flight ran three times slower than without it. One NOTIFY wakes every follower, whatever the
// number of appends behind it, so they are merged to at most one every `intervalMs`:
//
// - when one is due (the first append after a quiet spell, or the interval has passed since the
//   last), the next INSERT claims it and notifies inside its own transaction, at no extra cost;
// - appends committed after it are owed one: the next INSERT due claims it, or, if none comes
//   within another interval, the store sends a NOTIFY of its own (close() sends what is owed).
//
// What a follower can miss (this process dying between a commit and the NOTIFY it owes, a dropped
// connection) costs it no event, only time: it reads anyway at its slow poll.
//
// A NOTIFY sent on its own draws a transaction id but takes no lock on the log's table, so it does
// not hold readers back (schema.ts: readableBelow), and is not a write under way.

export interface Notifier {
  /** Before an INSERT: true when it should NOTIFY in its own transaction (then `settle` it). */
  claim(): boolean;
  /** After an INSERT that claimed: whether it committed (and its NOTIFY with it). */
  settle(committed: boolean): void;
  /** An append committed without a NOTIFY of its own: followers should hear of it soon. */
  poke(): void;
  /**
   * Sends what is owed now and waits for it, at most `limitMs` (on close: a process about to exit
   * must not owe one, nor wait long for a server that stopped answering).
   */
  flush(limitMs: number): Promise<void>;
}

export const createNotifier = (send: () => Promise<unknown>, intervalMs: number, now: () => number = Date.now): Notifier => {
  let owed = false;
  /** INSERTs under way that carry a NOTIFY. */
  let claimed = 0;
  let sending: Promise<void> | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastSent = -Infinity;

  const clearTimer = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };

  const busy = (): boolean => claimed > 0 || sending !== null;

  const fire = (): void => {
    clearTimer();
    owed = false;
    lastSent = now();
    // A failed NOTIFY is not the append's failure: the followers' slow poll covers it.
    const current = send().then(
      () => undefined,
      () => undefined,
    );
    sending = current;
    void current.then(() => {
      sending = null;
      schedule();
    });
  };

  /** What is owed goes with the next INSERT due, or on its own an interval later. */
  const schedule = (): void => {
    if (!owed || busy() || timer !== null) return;
    timer = setTimeout(
      () => {
        timer = null;
        if (owed && !busy()) fire();
        else schedule();
      },
      Math.max(0, lastSent + 2 * intervalMs - now()),
    );
    // A process that forgets to close its store may still exit; close() sends what is owed.
    timer.unref?.();
  };

  return {
    claim: () => {
      if (busy() || now() - lastSent < intervalMs) return false;
      clearTimer();
      claimed++;
      owed = false;
      lastSent = now();
      return true;
    },
    settle: (committed) => {
      claimed--;
      if (!committed) owed = true;
      schedule();
    },
    poke: () => {
      owed = true;
      schedule();
    },
    flush: async (limitMs) => {
      let limit: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<void>((resolve) => (limit = setTimeout(resolve, limitMs)));
      try {
        const sent = (async () => {
          while (sending !== null || owed) {
            if (sending === null) fire();
            await sending;
          }
        })();
        await Promise.race([sent, late]);
      } finally {
        clearTimeout(limit);
      }
    },
  };
};
