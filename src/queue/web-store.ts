import type { QueuedEvent, QueueStore } from './queue-store';

/** The part of the Web Storage API this needs; a Map-backed one stands in for memory. */
type KeyValue = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> & { keys(): string[] };

/**
 * The queue in `localStorage` (or `memory`): one item per event under `prefix`, so two tabs
 * adding events never overwrite each other's (a single JSON list would lose one tab's write).
 * Every call may throw (storage blocked, quota full): async turns that into a rejection.
 *
 * @example createWebStore('tracklet_id_q_', localKeyValue())
 */
export function createWebStore(prefix: string, kv: KeyValue): QueueStore {
  const ours = () => kv.keys().filter((key) => key.startsWith(prefix));
  return {
    async put(events) {
      for (const e of events) kv.setItem(prefix + e.k, JSON.stringify(e));
    },
    all: async () => ours().map((key) => JSON.parse(kv.getItem(key)!) as QueuedEvent),
    async del(keys) {
      for (const key of keys) kv.removeItem(prefix + key);
    },
    async clear() {
      for (const key of ours()) kv.removeItem(key);
    },
  };
}

/** `localStorage` as a KeyValue, reached only when used (it throws in sandboxed frames). */
export const localKeyValue = (): KeyValue => ({
  getItem: (key) => localStorage.getItem(key),
  setItem: (key, value) => localStorage.setItem(key, value),
  removeItem: (key) => localStorage.removeItem(key),
  keys: () => Object.keys(localStorage),
});

/** A Map as a KeyValue: the last resort, for this page only. */
export function memoryKeyValue(): KeyValue {
  const map = new Map<string, string>();
  return {
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
    keys: () => [...map.keys()],
  };
}
