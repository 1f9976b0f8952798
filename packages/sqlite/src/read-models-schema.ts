// Tables of the SQLite read-model store. All prefixed `rm_`, so they share a file with the event
// store's tables without ever colliding; a generation is a column, so dropping one is one DELETE.

export const READ_MODELS_COMPONENT = 'read-models';

export const READ_MODELS_MIGRATIONS: readonly string[] = [
  `CREATE TABLE rm_projections (
     projection TEXT PRIMARY KEY,
     live_generation INTEGER,
     last_generation INTEGER NOT NULL
   ) WITHOUT ROWID;
   CREATE TABLE rm_generations (
     projection TEXT NOT NULL,
     generation INTEGER NOT NULL,
     version INTEGER NOT NULL,
     checkpoint TEXT,
     PRIMARY KEY (projection, generation)
   ) WITHOUT ROWID;
   CREATE TABLE rm_documents (
     projection TEXT NOT NULL,
     generation INTEGER NOT NULL,
     collection TEXT NOT NULL,
     key TEXT NOT NULL,
     doc TEXT NOT NULL,
     PRIMARY KEY (projection, generation, collection, key)
   ) WITHOUT ROWID;`,
  // What the writer recorded with the checkpoint: the event store's identity and the last event.
  'ALTER TABLE rm_generations ADD COLUMN origin TEXT;',
  // One active projector per read model: its lease, whose token fences every batch it writes.
  `CREATE TABLE rm_leases (
     lease TEXT PRIMARY KEY,
     holder TEXT NOT NULL,
     token INTEGER NOT NULL,
     expires_at INTEGER NOT NULL,
     renewed_at INTEGER NOT NULL
   ) WITHOUT ROWID;`,
  // Documents in a rowid table, found through a unique index on their key. In the clustered
  // (WITHOUT ROWID) table each document sat in the B-tree at its key, so a batch of a rebuild
  // rewrote a page per client for `history` (each client's events have their own key range); now
  // a batch's new documents are appended together at the table's end and only the small index
  // entries land across the key space, which makes writing a generation in slices nearly as cheap
  // as writing it at once. The documents of an existing store are carried over.
  `CREATE TABLE rm_documents_rowid (
     id INTEGER PRIMARY KEY,
     projection TEXT NOT NULL,
     generation INTEGER NOT NULL,
     collection TEXT NOT NULL,
     key TEXT NOT NULL,
     doc TEXT NOT NULL
   );
   INSERT INTO rm_documents_rowid (projection, generation, collection, key, doc)
     SELECT projection, generation, collection, key, doc FROM rm_documents ORDER BY projection, generation, collection, key;
   DROP TABLE rm_documents;
   ALTER TABLE rm_documents_rowid RENAME TO rm_documents;
   CREATE UNIQUE INDEX rm_documents_key ON rm_documents (projection, generation, collection, key);`,
];

/**
 * Documents per multi-row upsert. Each statement call crosses into native code (~2.5 µs), and a
 * rebuild writes tens of thousands of documents in one batch.
 */
export const UPSERT_CHUNK = 32;

const upsertDocuments = (rows: number): string =>
  `INSERT INTO rm_documents (projection, generation, collection, key, doc) VALUES ${Array(rows).fill('(?, ?, ?, ?, ?)').join(', ')}
   ON CONFLICT (projection, generation, collection, key) DO UPDATE SET doc = excluded.doc`;

export const SQL = {
  live: `SELECT p.live_generation, g.version, g.checkpoint, g.origin FROM rm_projections p
         JOIN rm_generations g ON g.projection = p.projection AND g.generation = p.live_generation
         WHERE p.projection = ?`,
  document: 'SELECT doc FROM rm_documents WHERE projection = ? AND generation = ? AND collection = ? AND key = ?',
  // One document and whether its generation exists, in one statement: a single SELECT reads one
  // snapshot by itself, with no BEGIN and COMMIT around it. No row: no such generation.
  documentOfGeneration: `SELECT (SELECT doc FROM rm_documents WHERE projection = ?1 AND generation = ?2 AND collection = ?3 AND key = ?4)
                         FROM rm_generations WHERE projection = ?1 AND generation = ?2`,
  // Key order is the BINARY collation: memcmp of UTF-8, the order the port promises.
  scanFrom: `SELECT key, doc FROM rm_documents WHERE projection = ? AND generation = ? AND collection = ? AND key >= ?
             ORDER BY key LIMIT ?`,
  scanBetween: `SELECT key, doc FROM rm_documents WHERE projection = ? AND generation = ? AND collection = ? AND key >= ? AND key < ?
                ORDER BY key LIMIT ?`,
  generation: 'SELECT checkpoint FROM rm_generations WHERE projection = ? AND generation = ?',
  upsertDocument: upsertDocuments(1),
  upsertDocuments: upsertDocuments(UPSERT_CHUNK),
  moveCheckpoint: 'UPDATE rm_generations SET checkpoint = ?, origin = ? WHERE projection = ? AND generation = ?',
  nextGeneration: `INSERT INTO rm_projections (projection, live_generation, last_generation) VALUES (?, NULL, 1)
                   ON CONFLICT (projection) DO UPDATE SET last_generation = last_generation + 1
                   RETURNING last_generation`,
  insertGeneration: 'INSERT INTO rm_generations (projection, generation, version, checkpoint) VALUES (?, ?, ?, NULL)',
  liveGeneration: 'SELECT live_generation FROM rm_projections WHERE projection = ?',
  lease: 'SELECT holder, token, expires_at, renewed_at FROM rm_leases WHERE lease = ?',
  putLease: `INSERT INTO rm_leases (lease, holder, token, expires_at, renewed_at) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (lease) DO UPDATE SET holder = excluded.holder, token = excluded.token,
             expires_at = excluded.expires_at, renewed_at = excluded.renewed_at`,
  expireLease: 'UPDATE rm_leases SET expires_at = 0 WHERE lease = ? AND holder = ? AND token = ?',
  setLive: 'UPDATE rm_projections SET live_generation = ? WHERE projection = ?',
  dropOlderDocuments: 'DELETE FROM rm_documents WHERE projection = ? AND generation < ?',
  dropOlderGenerations: 'DELETE FROM rm_generations WHERE projection = ? AND generation < ?',
  dropDocuments: 'DELETE FROM rm_documents WHERE projection = ? AND generation = ?',
  dropGeneration: 'DELETE FROM rm_generations WHERE projection = ? AND generation = ?',
} as const;
