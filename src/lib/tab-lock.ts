import { createStore, promisifyRequest } from 'idb-keyval';

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
 * secure contexts, so plain-http sites and older browsers take a lease with an expiry in
 * IndexedDB instead: its read and write happen in one readwrite transaction, and those are
 * serialized across tabs, so two tabs never both win (localStorage has no such guarantee).
 * Where neither works (an opaque origin, IndexedDB blocked) the task runs unlocked: such a
 * page has no shared IndexedDB queue anyway.
 *
 * @example const lock = createTabLock('tracklet_id', tabId('tracklet_id')); await lock(drain);
 */
export function createTabLock(name: string, tab: string): TabLock {
  const locks = navigator.locks;
  if (locks) return (task) => locks.request(name, task).catch(() => task()) as Promise<void>;
  const store = createStore(name + '_lock', 'lease');
  // Resolves true once this tab holds the lease (or set it free), false while another does.
  const claim = (until: number) =>
    store('readwrite', (leases) => {
      let won = false;
      const read = leases.get(0);
      read.onsuccess = () => {
        const lease = read.result as Lease | undefined;
        if ((won = !lease || lease.o === tab || lease.u < Date.now())) leases.put({ o: tab, u: until }, 0);
      };
      return promisifyRequest(leases.transaction).then(() => won);
    });
  return async (task) => {
    try {
      // Bounded: a lease expires after LEASE, so waiting longer means a tab keeps renewing it.
      for (let i = 0; !(await claim(Date.now() + LEASE)) && i < LEASE / 50; i++) await sleep(50);
    } catch {
      // IndexedDB unusable here: run unlocked.
    }
    try {
      await task();
    } finally {
      claim(0).catch(() => undefined);
    }
  };
}
