import { clear, createStore, delMany, promisifyRequest, values } from 'idb-keyval';
import type { QueueStore } from './queue-store';

/**
 * The queue on IndexedDB through idb-keyval, in a database of our own (never idb-keyval's
 * default store, which the host page may use too). The name is per tracker instance: an
 * idb-keyval store is created only with its database (version 1), so two instances must not
 * share a database name. Opening is lazy: nothing touches IndexedDB until the first event.
 *
 * @example const store = createIdbStore('tracklet_id'); await store.put([event]);
 */
export function createIdbStore(name: string): QueueStore {
  const store = createStore(name, 'events');
  // async: `indexedDB.open` throws synchronously where IndexedDB is missing or forbidden
  // (sandboxed frames); the caller wants a rejection.
  return {
    put: async (events) =>
      store('readwrite', (objects) => {
        for (const e of events) objects.put(e, e.k);
        // Commit now rather than when the task ends: a write made while the page is being
        // hidden must land before the document goes (https://w3c.github.io/IndexedDB/#dom-idbtransaction-commit).
        objects.transaction.commit?.();
        return promisifyRequest(objects.transaction);
      }),
    all: async () => values(store),
    del: async (keys) => delMany(keys, store),
    clear: async () => clear(store),
  };
}
