// The PostgreSQL event store's table and statements, all qualified by the store's schema.
//
// data and metadata are TEXT holding the exact JSON the hash was computed over (SPEC §6), not
// JSONB: JSONB reorders object keys (shortest first), drops duplicate keys and normalises numbers
// (1.0 stays 1.0 but -0 and exponents change form), so reading JSONB back would give text, and
// objects, that differ from what was hashed. TEXT is returned byte for byte.
//
// Why each row carries its transaction id: a BIGSERIAL value is drawn when the row is inserted,
// not when its transaction commits, so position 11 can be committed while position 10's writer is
// still open; a reader of `position > 9` would see 11, move past 10, and never see 10. Instead of
// making writers take positions one at a time (a lock that serialises every writer), the log is
// read in (transaction_id, position) order and only below the oldest transaction still open that
// may write to this table (`readableBelow`): every smaller id has then either finished or will
// never write here, so nothing can ever be committed before a row a reader has already passed.
import { createHash } from 'node:crypto';

/** The schema name as a quoted SQL identifier. */
export const quoteIdentifier = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/**
 * The first key of the two-key advisory lock taken while creating the schema; the second is
 * hashtext(schema). Appends take no lock.
 */
export const LOCK_CLASS = 0x52617070; // 'Rapp'

/**
 * The channel a writer NOTIFYs after its appends commit and a follower LISTENs on: one per schema,
 * so several firms (or environments) on one server wake only their own followers. A channel name
 * is an identifier of at most 63 bytes; a schema whose name would not fit gets a digest of it.
 */
export const notifyChannel = (schema: string): string => {
  const plain = `rapport:${schema}`;
  return Buffer.byteLength(plain, 'utf8') <= 63 ? plain : `rapport:${createHash('sha256').update(schema).digest('hex').slice(0, 48)}`;
};

/** A string as an SQL literal (the channel inside a statement's text). */
const quoteLiteral = (text: string): string => `'${text.replaceAll("'", "''")}'`;

/**
 * The log's readable horizon, as a scalar subquery over the statement's own snapshot: the smallest
 * transaction id still in progress that may write to `events`, or the snapshot's xmax when there
 * is none. It was `pg_snapshot_xmin`, the oldest transaction open anywhere on the server (xids are
 * cluster-wide), so one long write transaction in any database, or a session left idle in
 * transaction after an UPDATE, held every reader back: followers stopped and reports waited, then
 * failed. A transaction counts when it holds a writer's lock on the table (an INSERT takes
 * RowExclusiveLock before it draws its id, and keeps it until the end), or when it has ended since
 * the snapshot was taken (pg_locks is read after the snapshot, so its rows may still be hidden from
 * it). One still running without such a lock has not written here, and Rapport's appends are each
 * one statement, so it never will; a transaction that draws its id elsewhere and only later
 * inserts into this table is not a Rapport writer, and would be read past.
 */
const readableBelow = (events: string): string => `(WITH snapshot AS MATERIALIZED (SELECT pg_current_snapshot() AS s),
       locks AS MATERIALIZED (SELECT locktype, virtualtransaction, transactionid::text AS xid, relation, database, mode, granted
                              FROM pg_locks WHERE locktype IN ('relation', 'transactionid')),
       running AS (SELECT virtualtransaction, xid FROM locks WHERE locktype = 'transactionid' AND mode = 'ExclusiveLock' AND granted),
       writers AS (SELECT running.xid FROM running JOIN locks USING (virtualtransaction)
                   WHERE locks.locktype = 'relation' AND locks.relation = ${quoteLiteral(events)}::regclass
                     AND locks.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                     AND locks.mode IN ('RowExclusiveLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'))
     SELECT coalesce((SELECT min(x) FROM pg_snapshot_xip(s) AS x
                      WHERE (x::text::numeric % 4294967296)::text NOT IN (SELECT xid FROM running)
                         OR (x::text::numeric % 4294967296)::text IN (SELECT xid FROM writers)),
                     pg_snapshot_xmax(s))
     FROM snapshot)`;

const COLUMNS = 'transaction_id::text AS transaction_id, position, stream, stream_version, type, data, metadata';

export const statements = (schema: string) => {
  const events = `${quoteIdentifier(schema)}.events`;
  const notify = `${quoteIdentifier(schema)}.rapport_notify_appends`;
  const below = readableBelow(events);
  return {
    createSchema: `CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`,
    createEvents: `CREATE TABLE IF NOT EXISTS ${events} (
       position BIGSERIAL PRIMARY KEY,
       transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
       stream TEXT NOT NULL,
       stream_version INTEGER NOT NULL,
       type TEXT NOT NULL,
       data TEXT NOT NULL,
       metadata TEXT NOT NULL,
       UNIQUE (stream, stream_version)
     )`,
    // A table written by 0.2 (positions drawn under a writer lock) has no transaction ids: its rows
    // get 0, so they keep their order and come before every later transaction. Read models
    // checkpointed by 0.2 must be rebuilt (their checkpoints are in the old numbering).
    addTransactionId: `ALTER TABLE ${events} ADD COLUMN IF NOT EXISTS transaction_id xid8 NOT NULL DEFAULT '0'`,
    defaultTransactionId: `ALTER TABLE ${events} ALTER COLUMN transaction_id SET DEFAULT pg_current_xact_id()`,
    hasTransactionId: `SELECT 1 FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'events' AND column_name = 'transaction_id'`,
    indexLogOrder: `CREATE INDEX IF NOT EXISTS events_log_order ON ${events} (transaction_id, position)`,
    lockSchema: `SELECT pg_advisory_xact_lock(${LOCK_CLASS}, hashtext($1))`,
    // Live followers were woken by a statement trigger that NOTIFYed inside every append's
    // transaction, which made all notifying commits wait for one another (see notifier.ts). A store
    // written by such a Rapport loses the trigger when a newer one opens it; its writers NOTIFY
    // after committing instead, on the same channel.
    hasNotifyTrigger: `SELECT 1 FROM pg_trigger WHERE tgrelid = '${events.replaceAll("'", "''")}'::regclass AND tgname = 'rapport_notify_appends'`,
    dropNotifyTrigger: `DROP TRIGGER IF EXISTS rapport_notify_appends ON ${events}`,
    dropNotifyFunction: `DROP FUNCTION IF EXISTS ${notify}()`,
    notify: `NOTIFY ${quoteIdentifier(notifyChannel(schema))}`,
    listen: `LISTEN ${quoteIdentifier(notifyChannel(schema))}`,
    // Rows after a checkpoint: `readable` ones readAll gives now, and any at all (committed ones
    // behind an older open writer become readable when it ends, which need not notify).
    pendingAfter: `SELECT EXISTS (SELECT 1 FROM ${events} WHERE (transaction_id, position) > ($1::xid8, $2::bigint)
                                    AND transaction_id < ${below}) AS readable,
                          EXISTS (SELECT 1 FROM ${events} WHERE (transaction_id, position) > ($1::xid8, $2::bigint)) AS any`,
    // Where readers stand now, and the newest transaction whose committed rows they cannot see
    // yet, behind an older writer still open (read-horizon.ts); null when nothing is hidden.
    horizon: `WITH h AS MATERIALIZED (SELECT ${below} AS below)
              SELECT below::text AS horizon,
                     (SELECT transaction_id::text FROM ${events} WHERE transaction_id >= h.below ORDER BY transaction_id DESC LIMIT 1) AS newest_hidden
              FROM h`,
    // The server process of the transaction a horizon stands at, to name it in an error.
    transactionAt: `SELECT pid, datname, xact_start FROM pg_stat_activity WHERE backend_xid::text = ($1::text::numeric % 4294967296)::text`,
    countAfter: `SELECT count(*)::text AS count FROM ${events}
                 WHERE (transaction_id, position) > ($1::xid8, $2::bigint)
                   AND transaction_id < ${below}`,
    // The store's identity, drawn once when the store is created (or first opened by a Rapport
    // that knows identities) and never changed.
    // What the schema holds, read from the catalogs (no lock on the log, nothing created): the
    // events table's columns (none when there is no such table), its log-order index, the meta
    // table and the statement trigger of the layout before the notifier.
    layout: `SELECT coalesce((SELECT array_agg(a.attname::text ORDER BY a.attnum) FROM pg_attribute a
                               WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), '{}') AS event_columns,
                     EXISTS (SELECT 1 FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid
                             WHERE i.indrelid = c.oid AND x.relname = 'events_log_order') AS log_order,
                     EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND t.tgname = 'rapport_notify_appends') AS notify_trigger,
                     (SELECT coalesce(array_agg(a.attname::text), '{}') FROM pg_class m JOIN pg_attribute a ON a.attrelid = m.oid AND a.attnum > 0 AND NOT a.attisdropped
                      WHERE m.relnamespace = n.oid AND m.relname = 'meta' AND m.relkind = 'r') AS meta_columns
              FROM pg_namespace n LEFT JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = 'events' AND c.relkind IN ('r', 'p')
              WHERE n.nspname = $1`,
    createMeta: `CREATE TABLE IF NOT EXISTS ${quoteIdentifier(schema)}.meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
    insertIdentity: `INSERT INTO ${quoteIdentifier(schema)}.meta (key, value) VALUES ('identity', gen_random_uuid()::text) ON CONFLICT (key) DO NOTHING`,
    identity: `SELECT value FROM ${quoteIdentifier(schema)}.meta WHERE key = 'identity'`,
    // Each stream's last event: its version and (in the metadata) its hash.
    heads: `SELECT DISTINCT ON (stream) stream, stream_version, metadata FROM ${events}
            WHERE stream = ANY($1::text[]) ORDER BY stream, stream_version DESC`,
    lastVersion: `SELECT MAX(stream_version) AS version FROM ${events} WHERE stream = $1`,
    // The log's newest transaction id when it is not below the next one this server hands out: the
    // database was copied from another server (pg_dump and restore, another cluster's backup), whose
    // ids are not this one's. Read from the log-order index's end; it assigns no id of its own.
    idsAhead: `SELECT newest::text AS newest, pg_snapshot_xmax(pg_current_snapshot())::text AS next
               FROM (SELECT max(transaction_id) AS newest FROM ${events}) AS log
               WHERE newest >= pg_snapshot_xmax(pg_current_snapshot())`,
    // One statement for a whole commit (atomic on its own, so no BEGIN/COMMIT round trips): the
    // rows go in as parallel arrays, in order; UNIQUE (stream, stream_version) turns a writer that
    // raced us to a version into a duplicate-key error.
    insertEvents: `INSERT INTO ${events} (stream, stream_version, type, data, metadata)
                   SELECT s, v, t, d, m FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[])
                     WITH ORDINALITY AS row(s, v, t, d, m, n) ORDER BY n
                   RETURNING transaction_id::text AS transaction_id, position, stream, stream_version`,
    // The common case, one event: plain parameters are cheaper to send and to plan than arrays.
    insertEvent: `INSERT INTO ${events} (stream, stream_version, type, data, metadata) VALUES ($1, $2, $3, $4, $5)
                  RETURNING transaction_id::text AS transaction_id, position, stream, stream_version`,
    // The same two, also waking live followers when they commit (notifier.ts): the one-row CTE
    // runs pg_notify once, inside the appending transaction.
    insertEventsNotifying: `WITH notified AS MATERIALIZED (SELECT pg_notify(${quoteLiteral(notifyChannel(schema))}, ''))
                   INSERT INTO ${events} (stream, stream_version, type, data, metadata)
                   SELECT s, v, t, d, m FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[])
                     WITH ORDINALITY AS row(s, v, t, d, m, n), notified ORDER BY n
                   RETURNING transaction_id::text AS transaction_id, position, stream, stream_version`,
    insertEventNotifying: `WITH notified AS MATERIALIZED (SELECT pg_notify(${quoteLiteral(notifyChannel(schema))}, ''))
                  INSERT INTO ${events} (stream, stream_version, type, data, metadata) SELECT $1::text, $2::int, $3::text, $4::text, $5::text FROM notified
                  RETURNING transaction_id::text AS transaction_id, position, stream, stream_version`,
    readStream: `SELECT ${COLUMNS} FROM ${events} WHERE stream = $1 ORDER BY stream_version`,
    // Below a horizon read first (`horizon`): one that was safe stays safe, as every transaction
    // below it has ended or will not write here.
    readAll: `SELECT ${COLUMNS} FROM ${events}
              WHERE (transaction_id, position) > ($1::xid8, $2::bigint)
                AND transaction_id < $4::xid8
              ORDER BY transaction_id, position LIMIT $3`,
  } as const;
};

export type Statements = ReturnType<typeof statements>;

/** A row of readStream / readAll; BIGINT and xid8 arrive as strings (kept exact). */
export interface EventRow {
  readonly transaction_id: string;
  readonly position: string;
  readonly stream: string;
  readonly stream_version: number;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
}
