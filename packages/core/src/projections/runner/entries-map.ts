// What every read-only map the runner hands to projections derives from its entries: the keys, the
// values, iteration and forEach. The document cache and the batch overlay differ only in entries().
export abstract class EntriesMap implements ReadonlyMap<string, unknown> {
  abstract get(key: string): unknown;
  abstract has(key: string): boolean;
  abstract get size(): number;
  abstract entries(): IterableIterator<[string, unknown]>;

  *keys(): IterableIterator<string> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): IterableIterator<unknown> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): IterableIterator<[string, unknown]> {
    return this.entries();
  }

  forEach(callback: (value: unknown, key: string, map: ReadonlyMap<string, unknown>) => void, thisArg?: unknown): void {
    for (const [key, value] of this.entries()) callback.call(thisArg, value, key, this);
  }
}
