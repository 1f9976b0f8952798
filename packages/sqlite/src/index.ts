export { openSqliteEventStore, type SqliteEventStore, type SqliteEventStoreOptions } from './event-store.js';
export { openSqliteDatabase, closeSqliteDatabase, inWriteTransaction, migrate, type SqliteDatabase, type SqliteDatabaseOptions } from './database.js';
export { openSqliteReadModelStore } from './read-models.js';
export { inspectStoreFile, isWritable, type StoreFile } from './store-file.js';
export { backupSqliteDatabase } from './backup.js';
export { STORE_FORMAT } from './store-meta.js';
