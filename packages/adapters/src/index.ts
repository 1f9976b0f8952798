export { canonicalJson } from './integrity/canonical-json.js';
export { canonicalEventJson, encodeFields, encodedEventHash, eventHash, hashedFieldsOf, verifyChain, type EncodedFields, type HashedFields } from './integrity/hash.js';
export { createMemoryEventStore, type MemoryEventStoreOptions } from './event-store/memory.js';
export { openSqliteEventStore, type SqliteEventStore, type SqliteEventStoreOptions } from './event-store/sqlite.js';
export { openSqliteDatabase, inWriteTransaction, migrate, type SqliteDatabase, type SqliteDatabaseOptions } from './sqlite/database.js';
export { createMemoryReadModelStore } from './read-models/memory.js';
export { openSqliteReadModelStore } from './read-models/sqlite.js';
export { openPostgresEventStore, type PostgresEventStore, type PostgresEventStoreOptions } from './event-store/postgres.js';
export { openRedisReadModelStore, type RedisReadModelStoreOptions } from './read-models/redis.js';
