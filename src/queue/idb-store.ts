import { clear, createStore, delMany, setMany, values } from 'idb-keyval';
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
    put: async (events) => setMany(events.map((e) => [e.k, e]), store),
    all: async () => values(store),
    del: async (keys) => delMany(keys, store),
    clear: async () => clear(store),
  };
}
