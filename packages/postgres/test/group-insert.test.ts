// The group insert (group-insert.ts) without a server: a lone append goes straight through, appends
// that arrive while `maxInFlight` INSERTs are under way go together in one, and a collision of a
// combined INSERT tells each member to try again alone.
import { describe, expect, it } from 'vitest';
import type { SealedEvent } from '@rapport/core/store-kit';
import { createGroupInsert } from '../src/group-insert.js';

const event = (stream: string): SealedEvent => ({ stream }) as unknown as SealedEvent;

class Collision extends Error {}

/** An insert whose calls the test answers by hand, in any order. */
const manualInsert = () => {
  const calls: { sealed: readonly SealedEvent[]; answer: (rows: string) => void; fail: (cause: unknown) => void }[] = [];
  const insert = (sealed: readonly SealedEvent[]) =>
    new Promise<string>((answer, fail) => {
      calls.push({ sealed, answer, fail });
    });
  return { calls, insert };
};

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('group insert', () => {
  it('sends a lone append at once, as it is, and hands back its result or its failure, a collision included', async () => {
    const { calls, insert } = manualInsert();
    const group = createGroupInsert(insert, (cause) => cause instanceof Collision, 2);
    const sealed = [event('client-A'), event('client-A')];
    const first = group(sealed);
    await settled();
    expect(calls).toHaveLength(1);
    expect(calls[0]!.sealed).toBe(sealed);
    calls[0]!.answer('rows of A');
    expect(await first).toBe('rows of A');
    const second = group([event('client-B')]);
    await settled();
    calls[1]!.fail(new Collision('duplicate key'));
    await expect(second).rejects.toBeInstanceOf(Collision);
  });

  it('queues appends while maxInFlight INSERTs are under way, then sends them together in order; each gets the rows of all', async () => {
    const { calls, insert } = manualInsert();
    const group = createGroupInsert(insert, (cause) => cause instanceof Collision, 2);
    const results = ['A', 'B', 'C', 'D'].map((s) => group([event(`client-${s}`)]));
    await settled();
    expect(calls.map((c) => c.sealed.map((e) => e.stream))).toEqual([['client-A'], ['client-B']]);
    calls[1]!.answer('rows of B');
    await settled();
    expect(calls.map((c) => c.sealed.map((e) => e.stream))).toEqual([['client-A'], ['client-B'], ['client-C', 'client-D']]);
    calls[0]!.answer('rows of A');
    calls[2]!.answer('rows of C and D');
    expect(await Promise.all(results)).toEqual(['rows of A', 'rows of B', 'rows of C and D', 'rows of C and D']);
    // Nothing is left in flight: the next lone append goes at once.
    const next = group([event('client-E')]);
    await settled();
    expect(calls).toHaveLength(4);
    calls[3]!.answer('rows of E');
    expect(await next).toBe('rows of E');
  });

  it('tells each member of a combined INSERT that collided to try again alone (null), and passes any other failure to all', async () => {
    const { calls, insert } = manualInsert();
    const group = createGroupInsert(insert, (cause) => cause instanceof Collision, 1);
    /** A lone append holds the only slot; two more queue behind it and go as one INSERT once it is answered. */
    const combined = async (lone: string, queued: readonly string[]) => {
      const first = group([event(lone)]);
      const members = queued.map((stream) => group([event(stream)]));
      await settled();
      calls.at(-1)!.answer(`rows of ${lone}`);
      await first;
      await settled();
      const call = calls.at(-1)!;
      expect(call.sealed.map((e) => e.stream)).toEqual(queued);
      return { members, call };
    };
    const collided = await combined('client-A', ['client-B', 'client-C']);
    collided.call.fail(new Collision('duplicate key'));
    expect(await Promise.all(collided.members)).toEqual([null, null]);
    const failed = await combined('client-D', ['client-E', 'client-F']);
    failed.call.fail(new Error('connection reset'));
    for (const result of failed.members) await expect(result).rejects.toThrow('connection reset');
  });
});
