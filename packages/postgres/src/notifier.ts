// The wake-up of live followers (`rapport project --follow`): after its appends commit, a store
// sends NOTIFY on its schema's channel from a transaction of its own. A NOTIFY inside the appending
// transaction (the statement trigger this replaces) makes PostgreSQL take one cluster-wide lock
// from before the commit until after its WAL flush, so every notifying writer committed one at a
// time: ten in flight ran three times slower than without it.
//
// A NOTIFY's own transaction still draws a transaction id and flushes its commit, so they are
// merged: the first append after a quiet spell notifies at once, later ones at most every
// `intervalMs` (one NOTIFY wakes every follower, whatever the number of appends behind it). What
// a follower can miss (this process dying between a commit and its NOTIFY, a dropped connection)
// costs it no event, only time: it reads anyway at its slow poll.
//
// While a NOTIFY's transaction is open, readers of the log stop below it (schema.ts), so an event
// appended after it began would not be readable yet: this process's reads first wait for its
// NOTIFYs in flight (`notifiesInFlight`), so that it always reads what it has just appended.

/** Every NOTIFY this process has under way, whichever store sent it. */
const inFlight = new Set<Promise<void>>();

/** Resolves when the NOTIFYs under way now have ended; undefined when there are none. */
export const notifiesInFlight = (): Promise<void> | undefined =>
  inFlight.size === 0 ? undefined : Promise.all(inFlight).then(() => undefined);

export interface Notifier {
  /** Some append has committed: followers should hear of it soon. */
  poke(): void;
  /**
   * Sends what is owed now and waits for it, at most `limitMs` (on close: a process about to exit
   * must not owe one, nor wait long for a server that stopped answering).
   */
  flush(limitMs: number): Promise<void>;
}

export const createNotifier = (send: () => Promise<unknown>, intervalMs: number, now: () => number = Date.now): Notifier => {
  let owed = false;
  let sending: Promise<void> | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastSent = -Infinity;

  const fire = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    owed = false;
    lastSent = now();
    // A failed NOTIFY is not the append's failure: the followers' slow poll covers it.
    const current = send().then(
      () => undefined,
      () => undefined,
    );
    sending = current;
    inFlight.add(current);
    void current.then(() => {
      inFlight.delete(current);
      sending = null;
      if (owed) schedule();
    });
  };

  const schedule = (): void => {
    if (sending !== null || timer !== null) return;
    const wait = lastSent + intervalMs - now();
    if (wait <= 0) return fire();
    timer = setTimeout(() => {
      timer = null;
      if (owed) schedule();
    }, wait);
    // A process that forgets to close its store may still exit; close() sends what is owed.
    timer.unref?.();
  };

  return {
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
