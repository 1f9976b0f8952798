// The last (version, hash) this store wrote or read per stream, so the common append (a writer
// continuing its own stream) is one INSERT with no read before it. A stale entry is harmless: a
// stream's version only grows and an event's hash never changes, so an entry can only be behind,
// and an INSERT built from it collides with UNIQUE (stream, stream_version) instead of forking
// the chain.
import type { ChainHead } from '@rapport/core/store-kit';

export interface HeadCache {
  get(stream: string): ChainHead | undefined;
  set(stream: string, head: ChainHead): void;
  forget(stream: string): void;
}

/** Least recently used entries go first once `capacity` streams are held. */
export const createHeadCache = (capacity: number): HeadCache => {
  const heads = new Map<string, ChainHead>();
  return {
    get: (stream) => {
      const head = heads.get(stream);
      if (head === undefined) return undefined;
      heads.delete(stream);
      heads.set(stream, head);
      return { version: head.version, hash: head.hash };
    },
    set: (stream, head) => {
      heads.delete(stream);
      heads.set(stream, { version: head.version, hash: head.hash });
      if (heads.size > capacity) heads.delete(heads.keys().next().value as string);
    },
    forget: (stream) => {
      heads.delete(stream);
    },
  };
};
