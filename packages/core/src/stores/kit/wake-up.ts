// What every store's waitForAppends shares: a wait that ends early on an abort, and polling with
// back-off for stores (or moments) that have no notification to wait for.
import type { WaitForAppendsOptions } from '../../ports/event-store.js';

/** Waits `ms`, less if the signal aborts; resolves false either way (no sign of new events). */
export const delay = (ms: number, signal?: AbortSignal): Promise<false> =>
  new Promise((resolve) => {
    if (signal?.aborted === true) return resolve(false);
    const timer = setTimeout(done, Math.max(0, ms));
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve(false);
    }
    signal?.addEventListener('abort', done, { once: true });
  });

/** The first and the longest pause between two checks of a polled store. */
export const POLL_FIRST_MS = 50;
export const POLL_LONGEST_MS = 1000;

/**
 * Checks `hasNew` with back-off (50 ms doubling to 1 s) until it says yes (true), the timeout
 * passes or the signal aborts (false). A check that throws rejects the wait: the caller's next
 * read would fail the same way.
 */
export const pollForAppends = async (hasNew: () => boolean | Promise<boolean>, { timeoutMs, signal }: WaitForAppendsOptions, longestMs = POLL_LONGEST_MS): Promise<boolean> => {
  const deadline = Date.now() + timeoutMs;
  for (let wait = POLL_FIRST_MS; ; wait = Math.min(wait * 2, longestMs)) {
    if (signal?.aborted === true) return false;
    if (await hasNew()) return true;
    const left = deadline - Date.now();
    if (left <= 0) return false;
    await delay(Math.min(wait, left), signal);
  }
};

/**
 * Waiters for an in-process signal of new events: `wait` resolves true when `wake` is called,
 * false at its timeout or abort. Stores with notifications (memory appends, PostgreSQL NOTIFY,
 * an EventStoreDB subscription) share it.
 */
export const createWaiters = () => {
  const waiting = new Set<(woken: boolean) => void>();
  return {
    wait: ({ timeoutMs, signal }: WaitForAppendsOptions): Promise<boolean> =>
      new Promise<boolean>((resolve) => {
        if (signal?.aborted === true) return resolve(false);
        const finish = (woken: boolean): void => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', aborted);
          waiting.delete(finish);
          resolve(woken);
        };
        const aborted = (): void => finish(false);
        const timer = setTimeout(() => finish(false), Math.max(0, timeoutMs));
        signal?.addEventListener('abort', aborted, { once: true });
        waiting.add(finish);
      }),
    /** Wakes every waiter (true: there may be new events). */
    wake: (): void => {
      for (const finish of [...waiting]) finish(true);
    },
    get size(): number {
      return waiting.size;
    },
  };
};
