// Where the Redis read-model store keeps what, under its prefix (default `rapport:`). Names of
// projections and collections are percent-encoded in keys, so a `:` in a name cannot make two
// keys collide.
//
//   P{P<projection>}:live                       the live generation's number
//   P{P<projection>}:last                       the last generation number handed out (INCR)
//   P{P<projection>}:generations                set of the generations that exist
//   P{P<projection>}:g:<n>                      hash {version, checkpoint, origin, indexed,
//                                               written:<collection>…}: the generation itself;
//                                               checkpoint '' until a batch moved it
//   P{P<projection>}:g:<n>:collections          set of the collection names written
//   P{P<projection>}:g:<n>:c:<collection>       hash: document key → document JSON
//
// Redis Cluster: the `{…}` is a hash tag. Cluster places a key by the text between its first `{`
// and the next `}` only, so every key of one projection (all its generations, the live pointer,
// the generation counter) lands in one slot, on one node. That is what lets each step stay one
// WATCH + MULTI/EXEC exactly as on a single server, and it is needed, not merely convenient:
// - a batch and its checkpoint are one MULTI/EXEC on the generation's keys;
// - `head` reads the live pointer and then that generation's meta under one WATCH, so an
//   activation landing between the two reads restarts it rather than answer a dropped generation;
// - `activate` moves the live pointer and deletes the older generations in one EXEC, watching
//   their meta keys so a batch still landing on one aborts the step rather than half-deleting it.
// Splitting the pointer or the generations into other slots would need cross-slot atomicity,
// which Redis Cluster does not have (a WATCH or MULTI over two slots is refused with CROSSSLOT).
// Anything later written atomically with a batch (a projector's lease or fence, parked events)
// must therefore be built from `projectionKeys` too, so it shares the tag. And every MULTI must
// hold at least one keyed command: ioredis sends a MULTI without keys (like UNWATCH) to a random
// node, away from the WATCH it was meant to check.
// The cost: one projection's read model lives on one node; a cluster spreads projections and
// firms (prefixes) across nodes, not one projection's documents. A collection is one hash, one
// key, so that is no finer than a single key could be spread anyway.
// The tag repeats the prefix so that several firms sharing a cluster through their prefixes spread
// over its nodes, while every key still starts with the prefix (SCAN MATCH `prefix*`, ACL key
// patterns `~prefix*`). A prefix may not hold `{` or `}`: those would move or empty the tag.

export const DEFAULT_PREFIX = 'rapport:';

/** The prefix as given, or a RangeError naming the rule it breaks. */
export const checkedPrefix = (prefix: string): string => {
  if (/[{}]/.test(prefix)) {
    throw new RangeError(`prefix ${JSON.stringify(prefix)}: must not contain { or }, which Redis Cluster reads as a key's hash tag`);
  }
  return prefix;
};

export const projectionKeys = (prefix: string, projection: string) => {
  const base = `${prefix}{${prefix}${encodeURIComponent(projection)}}:`;
  const generation = (n: number) => {
    const key = `${base}g:${n}`;
    return {
      meta: key,
      collections: `${key}:collections`,
      collection: (name: string) => `${key}:c:${encodeURIComponent(name)}`,
      keyIndex: (name: string) => `${key}:k:${encodeURIComponent(name)}`,
    };
  };
  // `lease`: the active projector's lease on this projection (a hash {holder, token, expiresAt,
  // renewedAt}), in the projection's slot so a batch's fence check is WATCHed with its checkpoint.
  return { live: `${base}live`, last: `${base}last`, generations: `${base}generations`, lease: `${base}lease`, generation };
};

export type ProjectionKeys = ReturnType<typeof projectionKeys>;
