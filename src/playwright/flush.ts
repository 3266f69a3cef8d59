import type { Page } from '@playwright/test';
import type { FlushOptions } from './types';

/**
 * Makes `page` send what its tracker queued and resolves once it is acknowledged. With a
 * global tracker (the script tag's `window.tracklet`), its own `flush()` does this. Without
 * one (an app that imports tracklet from npm), the tracker sends by itself within its
 * `flushInterval`, and this waits until its durable queue is empty: the IndexedDB database
 * named after the tracker's cookie (`tracklet_id`) and the records it kept in localStorage
 * (`tracklet_id_q_*`); a record leaves the queue only once the collector answered 2xx.
 *
 * @example await flushPage(page, { timeout: 5000 });
 */
export async function flushPage(page: Page, options: FlushOptions = {}): Promise<void> {
  const { timeout = 10_000, tracker = 'tracklet', queue = 'tracklet_id' } = options;
  const deadline = Date.now() + timeout;
  const flushed = await withTimeout(
    page.evaluate((name) => {
      const global = (window as unknown as Record<string, { flush?: () => Promise<void> } | undefined>)[name];
      return typeof global?.flush === 'function' ? global.flush().then(() => true) : false;
    }, tracker),
    timeout,
    () => 'flush(): window.' + tracker + '.flush() did not resolve within ' + timeout + ' ms',
  );
  if (flushed) return;
  for (let left = await queued(page, queue); left > 0; left = await queued(page, queue)) {
    if (Date.now() > deadline) throw new Error('flush(): ' + left + ' events still queued in "' + queue + '" after ' + timeout + ' ms (is the collector answering? see analytics.requests)');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** How many records the tracker's queue holds; never creates its database (that would break the tracker's own open). */
function queued(page: Page, name: string): Promise<number> {
  return page.evaluate(async (db) => {
    const kept = Object.keys(localStorage).filter((key) => key.startsWith(db + '_q_')).length;
    const databases = typeof indexedDB.databases === 'function' ? await indexedDB.databases() : [];
    if (!databases.some((info) => info.name === db)) return kept;
    return new Promise<number>((resolve) => {
      const open = indexedDB.open(db);
      open.onerror = () => resolve(kept);
      open.onsuccess = () => {
        const connection = open.result;
        if (!connection.objectStoreNames.contains('events')) return (connection.close(), resolve(kept));
        const count = connection.transaction('events').objectStore('events').count();
        count.onsuccess = () => (connection.close(), resolve(kept + count.result));
        count.onerror = () => (connection.close(), resolve(kept));
      };
    });
  }, name);
}

function withTimeout<T>(work: Promise<T>, ms: number, message: () => string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message())), ms)));
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
