// The merging of followers' wake-ups: how many NOTIFYs a run of appends sends, and that close()
// never leaves one owed. A fake clock and fake timers, so nothing here depends on the machine.
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { createNotifier, notifiesInFlight } from '../src/notifier.js';

/** A send whose answers the test gives one at a time. */
const controlledSend = () => {
  const answers: Array<(ok: boolean) => void> = [];
  const send = vi.fn(
    () =>
      new Promise<void>((resolve, reject) => {
        answers.push((ok) => (ok ? resolve() : reject(new Error('connection lost'))));
      }),
  );
  return { send, answer: async (ok = true) => { answers.shift()!(ok); await vi.advanceTimersByTimeAsync(0); } };
};

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

it('notifies at once after a quiet spell, then merges what comes while one is under way', async () => {
  const { send, answer } = controlledSend();
  const notifier = createNotifier(send, 10);
  notifier.poke();
  expect(send).toHaveBeenCalledTimes(1);
  for (let i = 0; i < 50; i++) notifier.poke();
  expect(send).toHaveBeenCalledTimes(1);
  await answer();
  // Less than the interval since the first: the fifty wait for it, then go as one.
  expect(send).toHaveBeenCalledTimes(1);
  await vi.advanceTimersByTimeAsync(10);
  expect(send).toHaveBeenCalledTimes(2);
  await answer();
  // Nothing owed: no more NOTIFYs, however long it stays quiet.
  await vi.advanceTimersByTimeAsync(1000);
  expect(send).toHaveBeenCalledTimes(2);
  notifier.poke();
  expect(send).toHaveBeenCalledTimes(3);
  await answer();
});

it('sends at most one NOTIFY per interval while appends keep coming', async () => {
  const send = vi.fn(() => Promise.resolve());
  const notifier = createNotifier(send, 10);
  // 1,000 appends a millisecond apart.
  for (let i = 0; i < 1000; i++) {
    notifier.poke();
    await vi.advanceTimersByTimeAsync(1);
  }
  await vi.advanceTimersByTimeAsync(10);
  expect(send.mock.calls.length).toBeGreaterThanOrEqual(1000 / 11);
  expect(send.mock.calls.length).toBeLessThanOrEqual(1000 / 10 + 1);
});

it('a failed NOTIFY is not an error, and the next append notifies again', async () => {
  const { send, answer } = controlledSend();
  const notifier = createNotifier(send, 10);
  notifier.poke();
  await answer(false);
  await vi.advanceTimersByTimeAsync(10);
  notifier.poke();
  expect(send).toHaveBeenCalledTimes(2);
  await answer();
});

it('flush sends what is owed at once and waits for it, but not for ever', async () => {
  const { send, answer } = controlledSend();
  const notifier = createNotifier(send, 10);
  notifier.poke();
  notifier.poke();
  let flushed = false;
  const flushing = notifier.flush(1000).then(() => (flushed = true));
  await answer();
  // The owed one goes without waiting out the interval.
  expect(send).toHaveBeenCalledTimes(2);
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

it("the process's NOTIFYs in flight, whichever notifier sent them, are what its reads wait for", async () => {
  const first = controlledSend();
  const second = controlledSend();
  expect(notifiesInFlight()).toBeUndefined();
  createNotifier(first.send, 10).poke();
  createNotifier(second.send, 10).poke();
  let settled = false;
  void notifiesInFlight()!.then(() => (settled = true));
  await first.answer();
  expect(settled).toBe(false);
  // A failed NOTIFY ends too: its transaction is over either way.
  await second.answer(false);
  expect(settled).toBe(true);
  expect(notifiesInFlight()).toBeUndefined();
});
