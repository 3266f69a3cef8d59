import type { Browser } from 'playwright';
import { sleep, withTimeout } from '../bounded';
import { heapAfterGc } from '../../../test/browser/helpers/heap';
import { freshPage } from '../browser';
import type { Collector } from '../collector';
import { openBenchPage, pageErrors, trackMany } from '../page-calls';
import type { SdkAdapter } from '../sdks';
import type { Site } from '../site';

const HEAP_EVENTS = 10_000;
const RETRY_WINDOW_MS = 3000;
export const HEAP_BUSY_LIMIT_MS = 15_000;

export interface HeapResult {
  /** JS heap after GC, after minus before the events tracked offline, in bytes (undefined when busy). */
  growth: number | undefined;
  /** The page's main thread was still busy 15 s after the loop, so the heap could not be read. */
  busy: boolean;
  /** 10,000, or fewer when the loop ran out of its time budget. */
  events: number;
  errors: string[];
}

/**
 * Heap cost of holding undeliverable events: the browser goes offline (`navigator.onLine` is
 * false, every request fails at once), the heap is measured after a full GC, 10,000 events are tracked, the SDK gets 3 s to
 * run its retries, and the heap is measured after GC again.
 *
 * @example const { growth } = await measureHeap(browser, site, collector, sensors);
 */
export async function measureHeap(browser: Browser, site: Site, collector: Collector, sdk: SdkAdapter): Promise<HeapResult> {
  const run = collector.openRun(sdk);
  const { context, page, dispose } = await freshPage(browser);
  try {
    await openBenchPage(page, site.pageFor(run));
    await sleep(500);
    const cdp = await context.newCDPSession(page);
    await context.setOffline(true);
    const before = await heapAfterGc(cdp);
    const loop = await trackMany(page, HEAP_EVENTS, 0, 30_000);
    await sleep(RETRY_WINDOW_MS);
    // A CDP call waits for the page's main thread; an SDK still working through its queue
    // keeps it busy, which is itself the finding.
    const after = await withTimeout(heapAfterGc(cdp), HEAP_BUSY_LIMIT_MS, 'heap after GC').catch(() => undefined);
    const errors = await pageErrors(page);
    return { growth: after === undefined ? undefined : after - before, busy: after === undefined, events: loop.calls, errors: loop.error ? [loop.error, ...errors] : errors };
  } finally {
    await dispose();
  }
}
