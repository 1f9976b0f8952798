export { openEsdbEventStore, type EsdbEventStoreOptions } from './event-store.js';
