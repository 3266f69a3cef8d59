import { createStore, promisifyRequest } from 'idb-keyval';
import { withDeadline } from '../lib/deadline';
import type { QueueStore } from './queue-store';

const CHUNK = 250;
// An IndexedDB that never answers must not stall delivery: WebKit's open() could hang forever
// (https://bugs.webkit.org/show_bug.cgi?id=226547). Until it has answered once, a transaction
// that takes longer is taken for failed, and the queue moves on to its next tier.
const TIMEOUT = 5000;

/**
 * The queue on IndexedDB through idb-keyval's `createStore`, in a database of our own (never
 * idb-keyval's default store, which the host page may use too). The name is per tracker
 * instance: the object store is created only with its database (version 1), so two instances
 * must not share a database name. Opening is lazy: nothing touches IndexedDB until the first
 * event. Only `createStore` and `promisifyRequest` are imported: idb-keyval's helpers each
 * carry its default store and a cursor fallback for browsers without `getAll` (pre-2016).
 *
 * @example const store = createIdbStore('tracklet_id'); await store.put([event]);
 */
export function createIdbStore(name: string): QueueStore {
  const store = createStore(name, 'events');
  // Once it has answered, it is trusted, and a slow transaction is waited for: slow is not
  // broken. A burst of 10,000 events is 40 writes, one after the other, and reading them all
  // back takes seconds on a busy page. Given up, the write would move the queue for good to a
  // tier that holds less or forgets at close, and the read would find nothing, every time.
  let answered = false;
  const guard = <T>(work: Promise<T>): Promise<T> => {
    work.then(() => (answered = true), () => undefined);
    return answered ? work : withDeadline(work, TIMEOUT);
  };
  const write = (change: (events: IDBObjectStore) => void) =>
    guard(
      store('readwrite', (events) => {
        change(events);
        // Commit now rather than when the task ends: a write made while the page is being hidden
        // must land before the document goes (https://w3c.github.io/IndexedDB/#dom-idbtransaction-commit).
        if (events.transaction.commit) events.transaction.commit();
        return promisifyRequest(events.transaction);
      }),
    );
  // Every put or delete costs the main thread when it is made (a put clones its record): a
  // burst of thousands in one transaction is a long task (10,000 puts: ~220 ms, 8,000 deletes:
  // ~110-250 ms in Chromium). In transactions of CHUNK, one after the other, each is short.
  const each = <T>(list: T[], change: (events: IDBObjectStore, item: T) => void) => {
    let done: Promise<unknown> = Promise.resolve();
    for (let i = 0; i < list.length; i += CHUNK) {
      const part = list.slice(i, i + CHUNK);
      done = done.then(() => write((events) => part.forEach((item) => change(events, item))));
    }
    return done;
  };
  // async: `indexedDB.open` throws synchronously where IndexedDB is missing or forbidden
  // (sandboxed frames); the caller wants a rejection.
  return {
    put: async (list) => each(list, (events, e) => events.put(e, e.k)),
    all: async (keys) =>
      guard(store('readonly', (events) => (keys ? Promise.all(keys.map((key) => promisifyRequest(events.get(key)))) : promisifyRequest(events.getAll())))),
    del: async (keys) => each(keys, (events, key) => events.delete(key)),
    clear: async () => write((events) => events.clear()),
  };
}
