import { chromium, type Browser, type BrowserContext, type Page } from 'playwright';
import { CHROMIUM_ARGS, chromiumPath } from '../../test/browser/helpers/chromium';
import { COLLECTOR_HOST } from './collector';

/**
 * Headless Chromium for the bench: the test suite's flags, plus the collector's host name
 * mapped to 127.0.0.1, so the collector is another site than the page (as in production:
 * cross-origin requests, and the site's cookies are not sent to it), and no automation marker.
 *
 * @example const browser = await launchBenchBrowser();
 */
export function launchBenchBrowser(): Promise<Browser> {
  const executablePath = chromiumPath();
  const args = [
    ...CHROMIUM_ARGS,
    `--host-resolver-rules=MAP ${COLLECTOR_HOST} 127.0.0.1`,
    // navigator.webdriver stays false, as for a person: PostHog drops events from automation.
    '--disable-blink-features=AutomationControlled',
  ];
  return chromium.launch(executablePath ? { executablePath, args } : { args });
}

/**
 * A fresh profile (no cache, cookies or storage) with one page, closed by `dispose`. The user
 * agent loses its "Headless" marker: PostHog drops events from user agents that look like bots.
 */
export async function freshPage(browser: Browser): Promise<{ context: BrowserContext; page: Page; dispose(): Promise<void> }> {
  const context = await browser.newContext({ userAgent: desktopUserAgent(browser) });
  const page = await context.newPage();
  return { context, page, dispose: () => context.close().catch(() => undefined) };
}

/** The user agent of a desktop Chrome of the same version as `browser`. */
export function desktopUserAgent(browser: Browser): string {
  return `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${browser.version()} Safari/537.36`;
}

/** JS heap in use after a full garbage collection, in bytes (CDP, so no page flag is needed). */
export async function heapAfterGc(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    return usedSize;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/** Resolves after `ms`. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls `done` every 50 ms until it is true or `timeoutMs` passed; returns whether it became
 * true. Every wait of the bench goes through here, so none is unbounded.
 */
export async function waitUntil(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() >= deadline) return false;
    await sleep(50);
  }
  return true;
}
