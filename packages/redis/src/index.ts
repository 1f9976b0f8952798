export { openRedisReadModelStore, type RedisReadModelStoreOptions } from './read-models.js';
