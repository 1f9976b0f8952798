// Reading what the store keeps per projection (keys.ts): a generation's meta hash, documents by key,
// a lease; and queueing a generation's deletion. Each is one piece of a step that session.ts runs.
import type { ChainableCommander, Cluster, Redis } from 'ioredis';
import { CheckpointConflict, StoreUnavailable, decodePosition, type LeaseState, type LogPosition } from '@rapport/core';
import { projectionKeys } from './keys.js';

/** Members or fields per command: a whole generation written at once would not fit one call's arguments. */
export const ARGUMENTS_PER_COMMAND = 5000;

const slices = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

export interface StoredGeneration {
  readonly version: number;
  readonly checkpoint: LogPosition | null;
  readonly origin: string | null;
  /** False for a generation written before collections had key indexes: it cannot be streamed. */
  readonly indexed: boolean;
}

export const generationReads = (redis: Redis | Cluster, prefix: string, name: string) => {
  /** The generation's checkpoint and version, or undefined when it does not exist. */
  const readGeneration = async (meta: string): Promise<StoredGeneration | undefined> => {
    const fields = await redis.hgetall(meta);
    if (fields['version'] === undefined) return undefined;
    const checkpoint = fields['checkpoint'] ?? '';
    const origin = fields['origin'] ?? '';
    return { version: Number(fields['version']), checkpoint: checkpoint === '' ? null : decodePosition(checkpoint), origin: origin === '' ? null : origin, indexed: fields['indexed'] === '1' };
  };

  /**
   * HMGET of `wanted` together with the generation's existence and its collection's, in one MULTI:
   * a generation is dropped whole in one MULTI too, so either all are there or the read is refused
   * (an empty answer would look like an empty model). A collection the generation's meta says was
   * written never loses its hash or its key index (nothing deletes a document), so a missing one
   * was deleted behind the store's back, by hand or by an eviction, and its documents are gone.
   */
  const documentsOf = async (projection: string, generation: number, collection: string, wanted: readonly string[]): Promise<(string | null)[]> => {
    const { meta, collection: hash, keyIndex } = projectionKeys(prefix, projection).generation(generation);
    const reads = redis.multi().exists(meta).hexists(meta, writtenMarker(collection)).exists(hash(collection)).exists(keyIndex(collection));
    const parts = slices(wanted.length === 0 ? [''] : wanted, ARGUMENTS_PER_COMMAND);
    for (const part of parts) reads.hmget(hash(collection), ...part);
    const replies = await reads.exec();
    if (replies === null) throw new StoreUnavailable(`${name}: a read was aborted`);
    const failed = replies.find(([error]) => error !== null);
    if (failed !== undefined) throw failed[0];
    const [exists, written, hashExists, indexExists] = replies.slice(0, 4).map(([, reply]) => reply);
    if (exists === 0) throw new CheckpointConflict(projection, generation, null, 'no-generation');
    if (written === 1 && (hashExists === 0 || indexExists === 0)) {
      throw new StoreUnavailable(
        `${name}: read model ${projection} (generation ${generation}) has lost its ${collection} ${hashExists === 0 ? 'documents' : 'key index'}, deleted outside Rapport; run rapport rebuild`,
      );
    }
    const values = replies.slice(4).flatMap(([, part]) => (Array.isArray(part) ? (part as unknown[]) : []));
    return values.map((v) => (typeof v === 'string' ? v : null));
  };

  const readLease = async (lease: string): Promise<LeaseState | null> => {
    const fields = await redis.hgetall(projectionKeys(prefix, lease).lease);
    if (fields['holder'] === undefined) return null;
    return { lease, holder: fields['holder'], token: Number(fields['token']), expiresAt: Number(fields['expiresAt']), renewedAt: Number(fields['renewedAt']) };
  };

  /** Queues the deletion of a generation's keys on `writes`; WATCH its meta key first, so a batch landing meanwhile aborts. */
  const dropGeneration = async (writes: ChainableCommander, projection: string, generation: number): Promise<void> => {
    const keys = projectionKeys(prefix, projection);
    const { meta, collections, collection, keyIndex } = keys.generation(generation);
    // The collections set and the meta's markers name the same collections; either may be all a
    // generation has left after keys were deleted by hand, and both are read so nothing is leaked.
    const names = [...new Set([...(await redis.smembers(collections)), ...writtenCollections(await redis.hkeys(meta))])];
    writes.del(meta, collections, ...names.map(collection), ...names.map(keyIndex));
    writes.srem(keys.generations, String(generation));
  };

  return { readGeneration, documentsOf, readLease, dropGeneration };
};

const WRITTEN = 'written:';

/**
 * The meta field that says a collection was written in a generation (set with the batch that first
 * writes it). Kept in the meta hash, not only in the collections set, so that deleting any one key
 * but the meta cannot make a written collection read as an empty one.
 */
export const writtenMarker = (collection: string): string => `${WRITTEN}${collection}`;

const writtenCollections = (metaFields: readonly string[]): string[] =>
  metaFields.filter((field) => field.startsWith(WRITTEN)).map((field) => field.slice(WRITTEN.length));

export const leaseFields = (state: LeaseState) => ({
  holder: state.holder,
  token: String(state.token),
  expiresAt: String(state.expiresAt),
  renewedAt: String(state.renewedAt),
});

/** ZADD's arguments (score 0, member) for the fields among `fields[from, to)`, a flat field/value list. */
export const scoredMembers = (fields: readonly string[], from: number, to: number): string[] => {
  const members: string[] = [];
  for (let i = from; i < Math.min(to, fields.length); i += 2) members.push('0', fields[i]!);
  return members;
};
