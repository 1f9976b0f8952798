// Where the Redis read-model store keeps what, under its prefix (default `rapport:`). Names of
// projections and collections are percent-encoded in keys, so a `:` in a name cannot make two
// keys collide.
//
//   P<projection>:live                       the live generation's number
//   P<projection>:last                       the last generation number handed out (INCR)
//   P<projection>:generations                set of the generations that exist
//   P<projection>:g:<n>                      hash {version, checkpoint}: the generation itself;
//                                            checkpoint '' until a batch moved it
//   P<projection>:g:<n>:collections          set of the collection names written
//   P<projection>:g:<n>:c:<collection>       hash: document key → document JSON

export const DEFAULT_PREFIX = 'rapport:';

export const projectionKeys = (prefix: string, projection: string) => {
  const base = `${prefix}${encodeURIComponent(projection)}:`;
  const generation = (n: number) => {
    const key = `${base}g:${n}`;
    return {
      meta: key,
      collections: `${key}:collections`,
      collection: (name: string) => `${key}:c:${encodeURIComponent(name)}`,
    };
  };
  return { live: `${base}live`, last: `${base}last`, generations: `${base}generations`, generation };
};

export type ProjectionKeys = ReturnType<typeof projectionKeys>;

