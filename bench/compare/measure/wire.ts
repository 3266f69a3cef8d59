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
// Generous: some SDKs take milliseconds per call.
const LOOP_BUDGET_MS = 90_000;

export interface WireResult {
  /** 1,000, or fewer when the loop ran out of its 90 s budget. */
  tracked: number;
  delivered: number;
  /** Requests (CORS preflights included) from the first track() until all had arrived. */
  requests: number;
  preflights: number;
  /** Request lines, headers and bodies. */
  bytes: number;
  /** How long the 1,000 track() calls took. */
  loopMs: number;
  /** From the end of the loop until the last event arrived; undefined if not all did in 60 s. */
  msUntilAll: number | undefined;
  duplicatesById: number;
  duplicatesBySeq: number;
  undecoded: number;
  errors: string[];
}

/**
 * 1,000 events tracked in one loop; counts what goes over the wire from the loop's start until
 * all arrived (at most 60 s after the loop), plus 1 s for stragglers such as duplicates.
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
    const loop = await trackMany(page, WIRE_EVENTS, 0, LOOP_BUDGET_MS);
    const tracked = Date.now();
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
      loopMs: loop.ms,
      msUntilAll: all && stats.lastNewArrival ? Math.max(0, stats.lastNewArrival - tracked) : undefined,
      duplicatesById: stats.duplicatesById,
      duplicatesBySeq: stats.duplicatesBySeq,
      undecoded: stats.undecoded,
      errors: loop.error ? [loop.error, ...errors] : errors,
    };
  } finally {
    await dispose();
  }
}
