import type { QueuedEvent, QueueStore } from './queue-store';

/**
 * The queue in `localStorage`: one item per event under `prefix`, so two tabs adding events
 * never overwrite each other's (a single JSON list would lose one tab's write). Every call may
 * throw (storage blocked in sandboxed frames, quota full): async turns that into a rejection.
 *
 * @example createLocalStore('tracklet_id_q_')
 */
export function createLocalStore(prefix: string): QueueStore {
  const ours = () => Object.keys(localStorage).filter((key) => key.startsWith(prefix));
  return {
    put: async (list) => list.forEach((e) => localStorage.setItem(prefix + e.k, JSON.stringify(e))),
    all: async () => ours().map((key) => JSON.parse(localStorage.getItem(key)!) as QueuedEvent),
    // Every acknowledged batch is deleted from every tier, and a removeItem costs the main thread
    // even for a key that is not there (10,000: 50-95 ms in Chromium on a loaded machine): none
    // when this tier holds no record (it only does after a page hide, or as the fallback).
    del: async (keys) => ours()[0] && keys.forEach((key) => localStorage.removeItem(prefix + key)),
    clear: async () => ours().forEach((key) => localStorage.removeItem(key)),
  };
}

/**
 * The queue in memory: the last resort, for this page only.
 *
 * @example createMemoryStore()
 */
export function createMemoryStore(): QueueStore {
  const map = new Map<string, QueuedEvent>();
  return {
    put: async (list) => list.forEach((e) => map.set(e.k, e)),
    all: async () => [...map.values()],
    del: async (keys) => keys.forEach((key) => map.delete(key)),
    clear: async () => map.clear(),
  };
}
