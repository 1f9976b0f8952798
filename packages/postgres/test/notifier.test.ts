// The merging of followers' wake-ups: which INSERTs carry a NOTIFY, when one is sent on its own,
// and that close() never leaves one owed. Fake timers and clock: nothing here depends on the machine.
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { createNotifier } from '../src/notifier.js';

/** A send whose answers the test gives one at a time. */
const controlledSend = () => {
  const answers: Array<(ok: boolean) => void> = [];
  const send = vi.fn(
    () =>
      new Promise<void>((resolve, reject) => {
        answers.push((ok) => (ok ? resolve() : reject(new Error('connection lost'))));
      }),
  );
  return {
    send,
    answer: async (ok = true) => {
      answers.shift()!(ok);
      await vi.advanceTimersByTimeAsync(0);
    },
  };
};

/** One append as the store makes it: an INSERT that may claim the NOTIFY, then its commit. */
const append = (notifier: ReturnType<typeof createNotifier>, committed = true): boolean => {
  const claimed = notifier.claim();
  if (claimed) notifier.settle(committed);
  else if (committed) notifier.poke();
  return claimed;
};

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

it('the first append after a quiet spell notifies in its own transaction; what the next ones owe goes with the next INSERT due', async () => {
  const { send } = controlledSend();
  const notifier = createNotifier(send, 10);
  expect(append(notifier)).toBe(true);
  await vi.advanceTimersByTimeAsync(1);
  expect(append(notifier)).toBe(false);
  await vi.advanceTimersByTimeAsync(4);
  expect(append(notifier)).toBe(false);
  await vi.advanceTimersByTimeAsync(5);
  // The interval has passed: this INSERT carries the NOTIFY owed for the two before it.
  expect(append(notifier)).toBe(true);
  await vi.advanceTimersByTimeAsync(1000);
  expect(send).not.toHaveBeenCalled();
});

it('what is owed goes on its own when no INSERT comes to carry it', async () => {
  const { send, answer } = controlledSend();
  const notifier = createNotifier(send, 10);
  expect(append(notifier)).toBe(true);
  await vi.advanceTimersByTimeAsync(3);
  expect(append(notifier)).toBe(false);
  await vi.advanceTimersByTimeAsync(16);
  expect(send).not.toHaveBeenCalled();
  await vi.advanceTimersByTimeAsync(1);
  expect(send).toHaveBeenCalledTimes(1);
  // While it is under way, an append neither claims nor sends another.
  expect(append(notifier)).toBe(false);
  await answer();
  await vi.advanceTimersByTimeAsync(20);
  expect(send).toHaveBeenCalledTimes(2);
  await answer();
  await vi.advanceTimersByTimeAsync(1000);
  expect(send).toHaveBeenCalledTimes(2);
});

it('an INSERT that did not commit took its NOTIFY with it: it is owed again', async () => {
  const { send, answer } = controlledSend();
  const notifier = createNotifier(send, 10);
  expect(append(notifier, false)).toBe(true);
  await vi.advanceTimersByTimeAsync(20);
  expect(send).toHaveBeenCalledTimes(1);
  await answer();
});

it('wakes followers at most once per interval while appends keep coming, and never with a transaction of its own', async () => {
  const send = vi.fn(() => Promise.resolve());
  const notifier = createNotifier(send, 10);
  let claimed = 0;
  // 1,000 appends a millisecond apart.
  for (let i = 0; i < 1000; i++) {
    if (append(notifier)) claimed++;
    await vi.advanceTimersByTimeAsync(1);
  }
  expect(claimed).toBeGreaterThanOrEqual(1000 / 11);
  expect(claimed).toBeLessThanOrEqual(1000 / 10 + 1);
  expect(send).not.toHaveBeenCalled();
});

it('a NOTIFY that fails on its own is not an error, and the next append notifies again', async () => {
  const { send, answer } = controlledSend();
  const notifier = createNotifier(send, 10);
  notifier.poke();
  await vi.advanceTimersByTimeAsync(0);
  expect(send).toHaveBeenCalledTimes(1);
  await answer(false);
  await vi.advanceTimersByTimeAsync(10);
  expect(append(notifier)).toBe(true);
});

it('flush sends what is owed at once and waits for it, but not for ever', async () => {
  const { send, answer } = controlledSend();
  const notifier = createNotifier(send, 10);
  expect(append(notifier)).toBe(true);
  expect(append(notifier)).toBe(false);
  let flushed = false;
  const flushing = notifier.flush(1000).then(() => (flushed = true));
  await vi.advanceTimersByTimeAsync(0);
  // The owed one goes without waiting out the interval.
  expect(send).toHaveBeenCalledTimes(1);
  expect(flushed).toBe(false);
  await answer();
  await flushing;
  expect(flushed).toBe(true);
  // A server that does not answer: flush gives up at its limit.
  notifier.poke();
  const stuck = notifier.flush(1000).then(() => (flushed = false));
  await vi.advanceTimersByTimeAsync(999);
  expect(flushed).toBe(true);
  await vi.advanceTimersByTimeAsync(1);
  await stuck;
  expect(flushed).toBe(false);
  await answer();
});
