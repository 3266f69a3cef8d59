import type { Browser } from 'playwright';
import { sleep, waitUntil } from '../bounded';
import { freshPage } from '../browser';
import type { Collector } from '../collector';
import { openBenchPage, pageErrors, trackMany } from '../page-calls';
import { deliveredCount, runStats } from '../run-stats';
import type { SdkAdapter } from '../sdks';
import type { Site } from '../site';

export const WIRE_EVENTS = 1000;
const ARRIVAL_LIMIT_MS = 60_000;
const GRACE_MS = 1000;

export interface WireResult {
  /** 1,000, or fewer when the loop ran out of its 30 s budget. */
  tracked: number;
  delivered: number;
  /** Requests (CORS preflights included) from the first track() until all had arrived. */
  requests: number;
  preflights: number;
  /** Request lines, headers and bodies. */
  bytes: number;
  /** From just before the loop until the last of the 1,000 arrived; undefined if they did not. */
  msUntilAll: number | undefined;
  duplicatesById: number;
  duplicatesBySeq: number;
  undecoded: number;
  errors: string[];
}

/**
 * 1,000 events tracked in one loop; counts what goes over the wire until all arrived (at most
 * 60 s), plus 1 s for stragglers such as duplicates.
 *
 * @example const { bytes } = await measureWire(browser, site, collector, amplitude);
 */
export async function measureWire(browser: Browser, site: Site, collector: Collector, sdk: SdkAdapter): Promise<WireResult> {
  const run = collector.openRun(sdk);
  const { page, dispose } = await freshPage(browser);
  try {
    await openBenchPage(page, site.pageFor(run));
    await sleep(500);
    const start = Date.now();
    const loop = await trackMany(page, WIRE_EVENTS, 0, 30_000);
    const all = await waitUntil(() => deliveredCount(run) >= loop.calls, ARRIVAL_LIMIT_MS);
    await sleep(GRACE_MS);
    const stats = runStats(run, start);
    const errors = await pageErrors(page);
    return {
      tracked: loop.calls,
      delivered: stats.delivered,
      requests: stats.requests,
      preflights: stats.preflights,
      bytes: stats.bytes,
      msUntilAll: all && stats.lastNewArrival ? stats.lastNewArrival - start : undefined,
      duplicatesById: stats.duplicatesById,
      duplicatesBySeq: stats.duplicatesBySeq,
      undecoded: stats.undecoded,
      errors: loop.error ? [loop.error, ...errors] : errors,
    };
  } finally {
    await dispose();
  }
}
