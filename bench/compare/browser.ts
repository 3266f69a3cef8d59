import { chromium, type Browser, type BrowserContext, type Page } from 'playwright';
import { CHROMIUM_ARGS, chromiumPath } from '../../test/browser/helpers/chromium';
import { withTimeout } from './bounded';
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
 * The bench's browser, launched again if it went away (a crashed or killed Chromium must cost
 * one measurement, not all the ones after it).
 *
 * @example const browser = await keeper.get();
 */
export function keepBrowser(): { get(): Promise<Browser>; close(): Promise<void> } {
  let current: Promise<Browser> | undefined;
  return {
    async get() {
      const browser = await current?.catch(() => undefined);
      if (!browser?.isConnected()) current = launchBenchBrowser();
      return current!;
    },
    async close() {
      await (await current?.catch(() => undefined))?.close().catch(() => undefined);
    },
  };
}

/**
 * A fresh profile (no cache, cookies or storage) with one page, closed by `dispose`. The user
 * agent loses its "Headless" marker: PostHog drops events from user agents that look like bots.
 */
export async function freshPage(browser: Browser): Promise<{ context: BrowserContext; page: Page; dispose(): Promise<void> }> {
  const context = await browser.newContext({ userAgent: desktopUserAgent(browser) });
  const page = await context.newPage();
  // A renderer stuck in a long loop can keep close() waiting; the bench moves on regardless.
  const dispose = () => withTimeout(context.close(), 15_000, 'closing a context').catch(() => undefined);
  return { context, page, dispose };
}

/** The user agent of a desktop Chrome of the same version as `browser`. */
export function desktopUserAgent(browser: Browser): string {
  return `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${browser.version()} Safari/537.36`;
}
