/** The store contract on the in-memory test double, so property tests can trust it. */
import { MemoryStore } from '../helpers/memoryStore.js';
import { describeStoreContract } from './storeContract.js';

describeStoreContract(
  'MemoryStore',
  async () => {
    const store = new MemoryStore();
    return { store, overwrite: async (key, bytes) => store.put(key, bytes) };
  },
  // A test double: it has no root to escape from, so it has no guard.
  { guarded: false, carriesAttributes: true },
);
