// A Redis Cluster moving a slot answers multi-key commands with TRYAGAIN until the move is over:
// a step is run again after a short wait instead of failing as an unreachable store (a reshard
// used to stop the projector and every reader with exit 3).
import { describe, expect, it } from 'vitest';
import { retriedWhileResharding } from '../src/session.js';

const tryAgain = (): Error => new Error('TRYAGAIN Multiple keys request during rehashing of slot');
/** How ioredis reports a MULTI whose queued commands were refused. */
const discarded = (): Error => Object.assign(new Error('EXECABORT Transaction discarded because of previous errors.'), { previousErrors: [tryAgain()] });

describe('retriedWhileResharding', () => {
  it('runs a step again while the cluster says TRYAGAIN, in a command or in a MULTI, then gives its answer', async () => {
    let calls = 0;
    const answer = await retriedWhileResharding(async () => {
      calls += 1;
      if (calls === 1) throw tryAgain();
      if (calls === 2) throw discarded();
      return 'read';
    }, [1, 1, 1]);
    expect([answer, calls]).toEqual(['read', 3]);
  });

  it('fails at once on any other error, and with the last TRYAGAIN once its waits are spent', async () => {
    let calls = 0;
    await expect(retriedWhileResharding(async () => {
      calls += 1;
      throw new Error('ERR wrong number of arguments');
    }, [1, 1])).rejects.toThrow('ERR wrong number');
    expect(calls).toBe(1);
    calls = 0;
    await expect(retriedWhileResharding(async () => {
      calls += 1;
      throw tryAgain();
    }, [1, 1])).rejects.toThrow(/^TRYAGAIN/);
    expect(calls).toBe(3);
  });
});
