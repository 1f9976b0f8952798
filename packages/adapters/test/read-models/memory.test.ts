import { createMemoryReadModelStore } from '../../src/read-models/memory.js';
import { readModelStoreContract } from './contract.js';

readModelStoreContract('memory', async () => {
  const store = createMemoryReadModelStore();
  return { store, cleanup: () => store.close() };
});
