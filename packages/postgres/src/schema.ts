// The PostgreSQL event store's table and statements, all qualified by the store's schema.
//
// data and metadata are TEXT holding the exact JSON the hash was computed over (SPEC §6), not
// JSONB: JSONB reorders object keys (shortest first), drops duplicate keys and normalises numbers
// (1.0 stays 1.0 but -0 and exponents change form), so reading JSONB back would give text, and
// objects, that differ from what was hashed. TEXT is returned byte for byte.

/** The schema name as a quoted SQL identifier. */
export const quoteIdentifier = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/**
 * The first key of the two-key advisory locks this store takes; the second is hashtext(schema),
 * so stores in different schemas of one database do not wait for each other.
 */
export const LOCK_CLASS = 0x52617070; // 'Rapp'

const COLUMNS = 'position, stream, stream_version, type, data, metadata';

export const statements = (schema: string) => {
  const events = `${quoteIdentifier(schema)}.events`;
  return {
    createSchema: `CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`,
    createEvents: `CREATE TABLE IF NOT EXISTS ${events} (
       position BIGSERIAL PRIMARY KEY,
       stream TEXT NOT NULL,
       stream_version INTEGER NOT NULL,
       type TEXT NOT NULL,
       data TEXT NOT NULL,
       metadata TEXT NOT NULL,
       UNIQUE (stream, stream_version)
     )`,
    // The global writer lock, held to the end of the append's transaction (see postgres.ts).
    lockWriters: `SELECT pg_advisory_xact_lock(${LOCK_CLASS}, hashtext($1))`,
    // Each stream's last event: its version and (in the metadata) its hash.
    heads: `SELECT DISTINCT ON (stream) stream, stream_version, metadata FROM ${events}
            WHERE stream = ANY($1::text[]) ORDER BY stream, stream_version DESC`,
    lastVersion: `SELECT MAX(stream_version) AS version FROM ${events} WHERE stream = $1`,
    // One statement for a whole commit: the rows go in as parallel arrays, in order.
    insertEvents: `INSERT INTO ${events} (stream, stream_version, type, data, metadata)
                   SELECT s, v, t, d, m FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[])
                     WITH ORDINALITY AS row(s, v, t, d, m, n) ORDER BY n
                   RETURNING position, stream, stream_version`,
    readStream: `SELECT ${COLUMNS} FROM ${events} WHERE stream = $1 ORDER BY stream_version`,
    readAll: `SELECT ${COLUMNS} FROM ${events} WHERE position > $1 ORDER BY position LIMIT $2`,
  } as const;
};

export type Statements = ReturnType<typeof statements>;

/** A row of readStream / readAll; BIGINT arrives as a string (pg keeps it exact). */
export interface EventRow {
  readonly position: string;
  readonly stream: string;
  readonly stream_version: number;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
}
