import type { BrowserContext, Page } from 'playwright';
import { chromiumPath, launchChromium } from '../../browser/helpers/chromium';
import { callSource, type Cookie, type EngineBrowser, type Profile, type Tab } from './types';

/**
 * Chromium through Playwright (the OS package, as the other browser tests use it): a profile
 * is a browser context.
 *
 * @example const browser = await launchChromiumEngine(); const profile = await browser.newProfile();
 */
export async function launchChromiumEngine(): Promise<EngineBrowser> {
  const browser = await launchChromium();
  return {
    engine: 'chromium',
    version: 'Chromium ' + browser.version() + ' (' + (chromiumPath() ?? 'Playwright download') + ')',
    async newProfile(): Promise<Profile> {
      const context = await browser.newContext({ ignoreHTTPSErrors: true });
      return { newTab: async () => chromiumTab(context, await context.newPage()), close: () => context.close() };
    },
    close: () => browser.close(),
  };
}

function chromiumTab(context: BrowserContext, page: Page): Tab {
  return {
    goto: async (url) => void (await page.goto(url)),
    reload: async () => void (await page.reload()),
    evaluate: (fn, ...args) => page.evaluate(callSource(fn, args)),
    async cookies() {
      return (await context.cookies(page.url())).map((c): Cookie => ({
        name: c.name, value: c.value, domain: c.domain, path: c.path, secure: c.secure, sameSite: c.sameSite, expires: c.expires,
      }));
    },
    close: () => page.close(),
  };
}
