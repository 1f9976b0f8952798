export { openSqliteEventStore, type SqliteEventStore, type SqliteEventStoreOptions } from './event-store.js';
export { openSqliteDatabase, inWriteTransaction, migrate, type SqliteDatabase, type SqliteDatabaseOptions } from './database.js';
export { openSqliteReadModelStore } from './read-models.js';
