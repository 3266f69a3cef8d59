import type { Browser } from 'playwright';
import { sleep, waitUntil } from '../bounded';
import { freshPage } from '../browser';
import type { Collector, Run } from '../collector';
import { openBenchPage, pageErrors, trackMany } from '../page-calls';
import { deliveredCount, runStats } from '../run-stats';
import type { SdkAdapter } from '../sdks';
import type { Site } from '../site';

export interface SurvivalResult {
  tracked: number;
  /** Distinct events that arrived by the end of the case. */
  delivered: number;
  /** Close case: distinct events that arrived before the site was opened again. */
  deliveredBeforeReopen?: number;
  /** Outage cases: from the collector's recovery until the last event arrived (all arrived). */
  msToRecover?: number;
  /** Outage cases: requests the SDK made while the collector answered 503. */
  requestsDuringOutage?: number;
  duplicatesById: number;
  duplicatesBySeq: number;
  errors: string[];
}

export type SurvivalCase = 'navigate' | 'close' | 'outage' | 'outageReload';

const SETTLE_MS = 500;
const LEAVE_EVENTS = 20;
const OUTAGE_EVENTS = 200;
const OUTAGE_MS = 10_000;
const RECOVERY_LIMIT_MS = 60_000;
// Long enough for the slowest default flush interval here (Sensors, 6 s) to run once more, so
// a resend of something already delivered shows up as a duplicate.
const REOPEN_MIN_MS = 8000;

/**
 * One survival case for one SDK, in a fresh profile:
 * - `navigate`: 20 tracked, then the page navigates to a page without the SDK in the same task.
 * - `close`: 20 tracked, the tab closed at once; 3 s later the site is opened again (an SDK with
 *   a persistent queue resends then).
 * - `outage`: the collector answers 503; 200 tracked; restored after 10 s; up to 60 s to recover.
 * - `outageReload`: the same, with the page reloaded 5 s into the outage.
 *
 * @example const result = await measureSurvival('close', browser, site, collector, mixpanel);
 */
export async function measureSurvival(kind: SurvivalCase, browser: Browser, site: Site, collector: Collector, sdk: SdkAdapter): Promise<SurvivalResult> {
  const run = collector.openRun(sdk);
  const url = site.pageFor(run);
  const { context, page, dispose } = await freshPage(browser);
  try {
    await openBenchPage(page, url);
    await sleep(SETTLE_MS);
    if (kind === 'navigate') {
      await page
        .evaluate(([count, blank]) => {
          const bench = (window as unknown as { __bench: { run: string; track(name: string, props: object): void } }).__bench;
          for (let seq = 0; seq < count; seq++) bench.track('bench_event', { seq, run: bench.run, plan: 'pro', price: 9.99, ok: true });
          location.href = blank;
        }, [LEAVE_EVENTS, site.blankUrl] as const)
        .catch(() => undefined);
      await page.waitForURL(site.blankUrl, { timeout: 10_000 }).catch(() => undefined);
      await waitUntil(() => deliveredCount(run) >= LEAVE_EVENTS, 8000);
      await sleep(1000);
      return result(run, LEAVE_EVENTS, []);
    }
    if (kind === 'close') {
      const loop = await trackMany(page, LEAVE_EVENTS);
      await page.close();
      await waitUntil(() => deliveredCount(run) >= LEAVE_EVENTS, 3000);
      const deliveredBeforeReopen = deliveredCount(run);
      const again = await context.newPage();
      await openBenchPage(again, url);
      const reopened = Date.now();
      await waitUntil(() => deliveredCount(run) >= LEAVE_EVENTS && Date.now() - reopened >= REOPEN_MIN_MS, 20_000);
      return { ...result(run, LEAVE_EVENTS, loop.error ? [loop.error] : []), deliveredBeforeReopen, errors: await pageErrors(again) };
    }
    return await outage(run, page, kind === 'outageReload');
  } finally {
    await dispose();
  }
}

async function outage(run: Run, page: import('playwright').Page, reload: boolean): Promise<SurvivalResult> {
  run.status = 503;
  const down = Date.now();
  const loop = await trackMany(page, OUTAGE_EVENTS);
  if (reload) {
    await sleep(OUTAGE_MS / 2);
    await page.reload({ waitUntil: 'load', timeout: 30_000 });
    await sleep(OUTAGE_MS / 2);
  } else {
    await sleep(OUTAGE_MS);
  }
  run.status = 200;
  const restored = Date.now();
  const all = await waitUntil(() => deliveredCount(run) >= OUTAGE_EVENTS, RECOVERY_LIMIT_MS);
  if (all) await sleep(2000);
  const stats = runStats(run);
  const requestsDuringOutage = run.requests.filter((r) => r.at >= down && r.at < restored).length;
  const errors = [...(loop.error ? [loop.error] : []), ...(await pageErrors(page))];
  return {
    ...result(run, OUTAGE_EVENTS, errors),
    requestsDuringOutage,
    ...(all && stats.lastNewArrival ? { msToRecover: Math.max(0, stats.lastNewArrival - restored) } : {}),
  };
}

function result(run: Run, tracked: number, errors: string[]): SurvivalResult {
  const stats = runStats(run);
  return { tracked, delivered: stats.delivered, duplicatesById: stats.duplicatesById, duplicatesBySeq: stats.duplicatesBySeq, errors };
}
