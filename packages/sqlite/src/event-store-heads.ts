// Stream heads for the SQLite store: each stream's last version, hash and occurredAt, read from its
// last event and cached in memory while no other connection writes, so that a group commit
// of many streams does not pay a lookup per stream.
import { GENESIS_HASH } from '@rapport/core';
import type { SqliteDatabase } from './database.js';
import { NO_STREAM } from '@rapport/core/store-kit';
import { SQL } from './event-store-schema.js';

export interface Head {
  readonly stream: string;
  version: number;
  hash: string;
  occurredAt: string;
}

export interface StreamHeads {
  /**
   * Copies of the streams' heads (the append moves them); inside the write transaction. Streams in
   * `claimedNew` that are not cached get the empty head without a query: the writer expects them
   * not to exist, and if one does, UNIQUE (stream, stream_version) refuses its version 0.
   */
  read(streams: Iterable<string>, claimedNew?: ReadonlySet<string>): Map<string, Head>;
  /** After a commit: these heads are what the file now holds. */
  committed(heads: Iterable<Head>): void;
  /** After a failure: trust nothing cached. */
  forget(): void;
  /**
   * Outside any transaction, without checking for other connections' commits: the head this
   * connection last read or wrote, or undefined. It can only be behind the file (a stream's
   * version only grows and an event never changes), so an append built on it either continues the
   * stream exactly or collides with UNIQUE (stream, stream_version).
   */
  remembered(stream: string): Head | undefined;
}

type HeadRow = [stream: string, version: number, hash: string, occurredAt: string];

interface Cache {
  dataVersion: number | null;
  readonly heads: Map<string, Head>;
}

// PRAGMA data_version changes only when another connection commits, so the cache holds exactly as
// long as it is unchanged. Stores sharing one connection must share the cache, since their writes
// do not change it. Bounded by dropping everything: a re-read costs one query per batch.
const caches = new WeakMap<SqliteDatabase, Cache>();
const MAX_CACHED_HEADS = 100_000;

export const streamHeads = (db: SqliteDatabase): StreamHeads => {
  const one = db.prepare(SQL.head).raw();
  const many = db.prepare(SQL.heads).raw();
  const dataVersion = db.prepare('PRAGMA data_version').raw();
  const cache = caches.get(db) ?? { dataVersion: null, heads: new Map<string, Head>() };
  caches.set(db, cache);

  const forget = (): void => {
    cache.heads.clear();
    cache.dataVersion = null;
  };

  return {
    read(streams, claimedNew) {
      const row = dataVersion.get();
      const version = Array.isArray(row) ? Number(row[0]) : null;
      if (version === null || version !== cache.dataVersion) forget();
      cache.dataVersion = version;
      const heads = new Map<string, Head>();
      const missing: string[] = [];
      for (const stream of streams) {
        if (heads.has(stream)) continue;
        const cached = cache.heads.get(stream);
        heads.set(stream, { stream, version: cached?.version ?? NO_STREAM, hash: cached?.hash ?? GENESIS_HASH, occurredAt: cached?.occurredAt ?? '' });
        if (cached === undefined && claimedNew?.has(stream) !== true) missing.push(stream);
      }
      const rows = missing.length === 0 ? [] : missing.length === 1 ? [one.get([missing[0]])] : many.all([JSON.stringify(missing)]);
      for (const found of rows) {
        if (!Array.isArray(found)) continue;
        const [stream, version, hash, occurredAt] = found as HeadRow;
        heads.set(stream, { stream, version, hash, occurredAt });
      }
      return heads;
    },
    committed(heads) {
      if (cache.heads.size > MAX_CACHED_HEADS) cache.heads.clear();
      for (const head of heads) cache.heads.set(head.stream, head);
    },
    forget,
    remembered(stream) {
      const cached = cache.heads.get(stream);
      return cached === undefined ? undefined : { ...cached };
    },
  };
};
