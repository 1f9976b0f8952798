import { createMemoryReadModelStore } from '../../src/stores/memory/read-models.js';
import { readModelStoreContract } from '../../src/testing/read-model-contract.js';

readModelStoreContract('memory', async () => {
  const store = createMemoryReadModelStore();
  return { store, cleanup: () => store.close() };
});
