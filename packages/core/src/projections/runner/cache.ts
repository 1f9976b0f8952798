// What a runner knows of a generation's documents: the ones it read by key or wrote, never the
// whole read model (unless it built the generation from nothing itself). A projection handler is a
// pure, synchronous fold, so a document it asks for and the runner does not hold stops that event
// with DocumentNotCached; the runner reads the document and folds the event again.
import { EntriesMap } from './entries-map.js';

/** Thrown through a handler when it reads a document the runner has not read yet. */
export class DocumentNotCached extends Error {
  override readonly name = 'DocumentNotCached';
  constructor(
    readonly collection: string,
    readonly key: string,
  ) {
    super(`document ${collection}/${key} is not in memory yet`);
  }
}

/** One collection's known documents; `undefined` values are keys known to be absent. */
export class CachedCollection extends EntriesMap {
  private readonly known = new Map<string, unknown>();

  constructor(
    private readonly name: string,
    private readonly cache: { readonly complete: boolean },
  ) {
    super();
  }

  get(key: string): unknown {
    if (this.known.has(key) || this.cache.complete) return this.known.get(key);
    throw new DocumentNotCached(this.name, key);
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  set(key: string, value: unknown): this {
    this.known.set(key, value);
    return this;
  }

  get size(): number {
    return this.whole().size;
  }

  /** Only a complete cache can be iterated: a handler must read documents by key. */
  private whole(): Map<string, unknown> {
    if (!this.cache.complete) throw new Error(`collection ${this.name} is read by key: a projection must not iterate it`);
    return this.known;
  }

  *entries(): MapIterator<[string, unknown]> {
    for (const [key, value] of this.whole()) if (value !== undefined) yield [key, value];
  }


  /** Entries held, absent keys included: what the cache costs in memory. */
  get held(): number {
    return this.known.size;
  }

  forget(): void {
    this.known.clear();
  }
}

/** The documents of one generation that this process holds. */
export class DocumentCache {
  readonly collections: Readonly<Record<string, CachedCollection>>;

  /** `complete`: every document of the generation is here (one this runner began from nothing). */
  constructor(
    names: readonly string[],
    public complete: boolean,
  ) {
    this.collections = Object.fromEntries(names.map((name) => [name, new CachedCollection(name, this)]));
  }

  get held(): number {
    let n = 0;
    for (const collection of Object.values(this.collections)) n += collection.held;
    return n;
  }

  /** Drops everything held; later reads go to the store again. */
  forget(): void {
    this.complete = false;
    for (const collection of Object.values(this.collections)) collection.forget();
  }
}
