import type { Browser } from 'playwright';
import { freshPage } from '../browser';
import type { Collector } from '../collector';
import { openBenchPage } from '../page-calls';
import type { SdkAdapter } from '../sdks';
import type { Site } from '../site';

export interface LoadResult {
  /** From just before the script tag to init's return: fetch (loopback), compile, run, init. */
  loadInitMs: number;
  errors: string[];
}

/**
 * One cold load of the SDK in a fresh profile (no HTTP or code cache).
 *
 * @example const { loadInitMs } = await measureLoad(browser, site, collector, posthog);
 */
export async function measureLoad(browser: Browser, site: Site, collector: Collector, sdk: SdkAdapter): Promise<LoadResult> {
  const run = collector.openRun(sdk);
  const { page, dispose } = await freshPage(browser);
  try {
    return await openBenchPage(page, site.pageFor(run));
  } finally {
    await dispose();
  }
}
