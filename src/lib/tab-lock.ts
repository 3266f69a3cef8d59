import { readJson, removeItem, writeJson } from './web-storage';

/** Runs a task that never rejects while no other tab of the site runs one under the same name. */
export type TabLock = (task: () => Promise<void>) => Promise<void>;

interface Lease {
  /** Owner tab. */
  o: string;
  /** Expiry (ms): a tab that died holding the lease blocks the others this long at most. */
  u: number;
}

const LEASE = 30_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A lock across the tabs of one site, so that one tab at a time drains the shared queue.
 * Web Locks (https://w3c.github.io/web-locks/) where the browser has them; they exist only in
 * secure contexts, so plain-http sites and older browsers get a lease in `localStorage` with
 * an expiry instead. localStorage has no compare-and-set, so a tab writes its claim, waits for
 * a racing tab's write to land, and reads back who won; a tie lost by both costs a short wait,
 * and a tie won by both (rare) at worst sends an event twice, never loses one. Where the lock
 * API refuses (an opaque origin) or storage is blocked the task runs unlocked: such a page has
 * no shared queue anyway.
 *
 * @example const lock = createTabLock('tracklet_id', tabId('tracklet_id')); await lock(drain);
 */
export function createTabLock(name: string, tab: string): TabLock {
  const locks = navigator.locks;
  if (locks) return (task) => locks.request(name, task).catch(() => task()) as Promise<void>;
  const key = name + '_lease';
  const owner = () => readJson<Lease>(key)?.o;
  return async (task) => {
    // Bounded: a lease expires after LEASE, so waiting longer means a tab keeps renewing it.
    for (let i = 0; i < LEASE / 100; i++) {
      const lease = readJson<Lease>(key);
      if (!lease || lease.o === tab || lease.u < Date.now()) {
        writeJson(key, { o: tab, u: Date.now() + LEASE });
        await sleep(20);
        const won = owner();
        if (!won || won === tab) break;
      }
      await sleep(100);
    }
    try {
      await task();
    } finally {
      if (owner() === tab) removeItem(key);
    }
  };
}
