// What every store's readAll shares: the batch size rule.
import type { ReadAllOptions } from '../../ports/event-store.js';

export const DEFAULT_BATCH_SIZE = 1000;

export const batchSizeOf = (options: ReadAllOptions): number => {
  const size = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isSafeInteger(size) || size < 1) throw new RangeError(`readAll batchSize must be a positive integer, got ${size}`);
  return size;
};
