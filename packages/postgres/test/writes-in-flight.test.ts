// What a read of the log waits for: the writes under way when it asks, whichever way they end,
// and not the ones started after (a reader must not chase a busy writer of its own process).
import { expect, it } from 'vitest';
import { endWrite, startWrite, writesInFlight } from '../src/writes-in-flight.js';

const deferred = () => {
  let settle!: (ok: boolean) => void;
  const promise = new Promise<void>((resolve, reject) => (settle = (ok) => (ok ? resolve() : reject(new Error('the INSERT failed')))));
  // The store awaits its own write; here nobody else does.
  promise.catch(() => undefined);
  return { promise, settle };
};

/** A write as insertRows runs it: registered until it has settled. */
const tracked = () => {
  const write = deferred();
  startWrite(write.promise);
  return {
    settle: async (ok: boolean) => {
      write.settle(ok);
      await write.promise.catch(() => undefined);
      endWrite(write.promise);
    },
  };
};

it('waits for the writes under way when asked, a failed one included, and not for later ones', async () => {
  expect(writesInFlight()).toBeUndefined();
  const first = tracked();
  const second = tracked();
  let ended = false;
  void writesInFlight()!.then(() => (ended = true));
  const later = tracked();
  await first.settle(true);
  await new Promise((resolve) => setImmediate(resolve));
  expect(ended).toBe(false);
  await second.settle(false);
  await new Promise((resolve) => setImmediate(resolve));
  expect(ended).toBe(true);
  expect(writesInFlight()).toBeDefined();
  await later.settle(true);
  expect(writesInFlight()).toBeUndefined();
});
