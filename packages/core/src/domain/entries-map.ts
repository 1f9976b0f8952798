// What every read-only map of ours derives from its entries: the keys, the values, iteration and
// forEach. The runner's document cache and batch overlay, a client's growing maps and a stream's
// commandIds differ only in how they find and list their entries.
export abstract class EntriesMap<V> implements ReadonlyMap<string, V> {
  abstract get(key: string): V | undefined;
  abstract has(key: string): boolean;
  abstract get size(): number;
  abstract entries(): IterableIterator<[string, V]>;

  *keys(): IterableIterator<string> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): IterableIterator<V> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): IterableIterator<[string, V]> {
    return this.entries();
  }

  forEach(callback: (value: V, key: string, map: ReadonlyMap<string, V>) => void, thisArg?: unknown): void {
    for (const [key, value] of this.entries()) callback.call(thisArg, value, key, this);
  }
}
