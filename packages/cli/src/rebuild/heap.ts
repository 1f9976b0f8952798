// How far V8 lets the heap grow while a rebuild runs. A rebuild's live heap is small next to what
// it allocates (every event is read, parsed and folded, and most of it is garbage a batch later),
// and V8, finding its collections cheap, lets the old generation grow to about four times the
// live heap before the next full one: at 1,000,000 events (bench W3) about 170 MB live became a
// peak of 780–830 MB resident. Growth of half the live heap after each full collection kept the
// same rebuild near 410 MB for a few hundred milliseconds more marking; into Redis that was still
// 405–425 MB on a slower machine, and 35 % brought it to 373–385 MB in about the same time
// (30.4–33.5 s against 30.8–34.9 s). Below that the peak hardly falls (25 and 30 %: 368–377 MB)
// while the marking costs 10–25 % more CPU.
import v8 from 'node:v8';

/** The old generation may grow to (1 + this/100) × the live heap before the next full collection. */
export const REBUILD_HEAP_GROWING_PERCENT = 35;

/** Runs `work` with the heap's growth bounded (see above) and gives V8 its own policy back after. */
export const withBoundedHeapGrowth = async <T>(work: () => Promise<T>, setFlags: (flags: string) => void = v8.setFlagsFromString): Promise<T> => {
  setFlags(`--heap-growing-percent=${REBUILD_HEAP_GROWING_PERCENT}`);
  try {
    return await work();
  } finally {
    // 0 is V8's default: a factor of its own choosing.
    setFlags('--heap-growing-percent=0');
  }
};
