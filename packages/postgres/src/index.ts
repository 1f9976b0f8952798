export { openPostgresEventStore, type PostgresEventStore, type PostgresEventStoreOptions } from './event-store.js';
