import type { Report } from '../lib/report';
import { createIdbStore } from './idb-store';
import type { DurableQueue, QueuedEvent, QueueStore } from './queue-store';
import { createLocalStore, createMemoryStore } from './web-store';

/**
 * The durable queue: IndexedDB, else `localStorage` (IndexedDB missing, blocked in a sandboxed
 * frame or a private mode, or over quota), else memory — and nothing thrown into the page.
 * Writes go to the first tier that works; reads, deletes and clears go to every tier, because
 * an earlier page may have fallen back further than this one. A record found twice (a write
 * that timed out but landed, or one kept at page hide) counts once. Falling to memory is
 * reported once: events then die with the page.
 *
 * @example const queue = createQueueStore('tracklet_id', report); await queue.put([event]);
 */
export function createQueueStore(name: string, report?: Report): DurableQueue {
  const tiers = [createIdbStore(name), createLocalStore(name + '_q_'), createMemoryStore()];
  let level = 0;

  // Each tier answers or fails (IndexedDB's give up on a database that never answers).
  const each = <T>(op: (store: QueueStore) => Promise<T>) => Promise.all(tiers.map((store) => op(store).catch(() => [])));

  return {
    async put(events) {
      for (;;) {
        try {
          return await tiers[level]!.put(events);
        } catch {
          if (level > 1) return;
          if (++level > 1) {
            report?.('storage_unavailable', 'IndexedDB and localStorage are unavailable (blocked or full): events are kept in memory only, and lost if the page closes before they are sent');
          }
        }
      }
    },
    // The localStorage tier's put runs its body at once (an async function without an await):
    // the records are stored before this returns, even as the page unloads.
    keep: (events) => void tiers[1]!.put(events).catch(() => undefined),
    async all(keys) {
      const found = new Map<string, QueuedEvent>();
      // Later tiers win: a record kept in localStorage (its page-hide mark) is newer than its
      // IndexedDB copy.
      for (const list of await each((store) => store.all(keys))) for (const e of list) if (e) found.set(e.k, e);
      return [...found.values()];
    },
    del: (keys) => each((store) => store.del(keys)),
    clear: () => each((store) => store.clear()),
  };
}
