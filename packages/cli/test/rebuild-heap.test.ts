// A rebuild bounds the heap's growth while it runs and gives V8 its own policy back after, also
// when it fails.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { REBUILD_HEAP_GROWING_PERCENT, withBoundedHeapGrowth } from '../src/rebuild/heap.js';

describe('withBoundedHeapGrowth', () => {
  it('sets the growth before the work and restores the default after it', async () => {
    const flags: string[] = [];
    const result = await withBoundedHeapGrowth(async () => {
      flags.push('work');
      return 42;
    }, (f) => flags.push(f));
    expect(result).toBe(42);
    expect(flags).toEqual([`--heap-growing-percent=${REBUILD_HEAP_GROWING_PERCENT}`, 'work', '--heap-growing-percent=0']);
    expect(REBUILD_HEAP_GROWING_PERCENT).toBeGreaterThan(0);
  });

  it('restores the default when the work fails', async () => {
    const flags: string[] = [];
    await expect(withBoundedHeapGrowth(() => Promise.reject(new Error('store gone')), (f) => flags.push(f))).rejects.toThrow('store gone');
    expect(flags.at(-1)).toBe('--heap-growing-percent=0');
  });

  it('names a flag the V8 of this Node knows (an unknown one would be ignored with a warning)', () => {
    expect(execFileSync(process.execPath, ['--v8-options'], { encoding: 'utf8' })).toMatch(/^\s*--heap-growing-percent\b/m);
  });
});
