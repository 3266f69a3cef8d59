import type { Browser } from 'playwright';
import { sleep, withTimeout } from '../bounded';
import { freshPage } from '../browser';
import type { Collector } from '../collector';
import { openBenchPage, pageErrors, trackMany } from '../page-calls';
import type { SdkAdapter } from '../sdks';
import type { Site } from '../site';

export const TRACK_CALLS = 10_000;
const SETTLE_MS = 500;
const LONG_TASK_WINDOW_MS = 2000;
const LOOP_BUDGET_MS = 5000;
// How long the page may stay unresponsive after the window before it counts as "busy".
export const TRACK_BUSY_LIMIT_MS = 10_000;

export interface TrackCostResult {
  /** Main-thread time per `track()` over one loop of 10,000 calls with 5 properties. */
  usPerCall: number;
  /** 10,000, or fewer when the loop ran out of its 5 s budget. */
  calls: number;
  /** Long tasks (> 50 ms) that started after the loop, within 2 s (undefined when busy). */
  longTasks: number | undefined;
  longTaskMs: number | undefined;
  /** The page's main thread did not answer within 10 s after the window: the SDK was still at work. */
  busy: boolean;
  errors: string[];
}

/**
 * Times 10,000 `track()` calls (or as many as fit in 5 s) in one loop inside the page
 * (performance.now around it), then
 * collects the long tasks the SDK runs in the 2 s after: batching, storage, sending. The SDK
 * gets 500 ms after load to finish its own start-up first.
 *
 * @example const { usPerCall } = await measureTrackCost(browser, site, collector, tracklet);
 */
export async function measureTrackCost(browser: Browser, site: Site, collector: Collector, sdk: SdkAdapter): Promise<TrackCostResult> {
  const run = collector.openRun(sdk);
  const { page, dispose } = await freshPage(browser);
  try {
    await openBenchPage(page, site.pageFor(run));
    await sleep(SETTLE_MS);
    const loop = await trackMany(page, TRACK_CALLS, 0, LOOP_BUDGET_MS);
    await sleep(LONG_TASK_WINDOW_MS);
    const read = page.evaluate(
      ([end, window]) => {
        const tasks = (self as unknown as { __bench: { longTasks: [number, number][] } }).__bench.longTasks;
        return tasks.filter(([start]) => start >= end && start < end + window);
      },
      [loop.end, LONG_TASK_WINDOW_MS] as const,
    );
    const after = await withTimeout(read, TRACK_BUSY_LIMIT_MS, 'reading long tasks').catch(() => undefined);
    const errors = await pageErrors(page);
    return {
      usPerCall: (loop.ms * 1000) / Math.max(1, loop.calls),
      calls: loop.calls,
      longTasks: after?.length,
      longTaskMs: after?.reduce((sum, [, duration]) => sum + duration, 0),
      busy: !after,
      errors: loop.error ? [loop.error, ...errors] : errors,
    };
  } finally {
    await dispose();
  }
}
