import puppeteer, { type BrowserContext, type Page } from 'puppeteer-core';
import { callSource, type Cookie, type EngineBrowser, type Profile, type Tab } from './types';

/** Debian's Firefox ESR, or $FIREFOX_PATH. */
export const firefoxPath = () => process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';

/**
 * Firefox driven by puppeteer-core over WebDriver BiDi (no browser download: the OS package):
 * a profile is a BiDi user context. `privateBrowsing` makes every window private.
 *
 * @example const browser = await launchFirefoxEngine(); const profile = await browser.newProfile();
 */
export async function launchFirefoxEngine(options: { privateBrowsing?: boolean } = {}): Promise<EngineBrowser> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath: firefoxPath(),
    headless: true,
    acceptInsecureCerts: true,
    // A start on a busy machine can take tens of seconds.
    timeout: 120_000,
    protocolTimeout: 120_000,
    extraPrefsFirefox: {
      'browser.sessionstore.resume_from_crash': false,
      'network.captive-portal-service.enabled': false,
      // Every window private, as a private window is: storage in memory only.
      ...(options.privateBrowsing ? { 'browser.privatebrowsing.autostart': true } : {}),
    },
  });
  return {
    engine: 'firefox',
    version: (await browser.version()) + (options.privateBrowsing ? ', private browsing' : '') + ' (' + firefoxPath() + ')',
    async newProfile(): Promise<Profile> {
      const context = await browser.createBrowserContext();
      return { newTab: async () => firefoxTab(context, await context.newPage()), close: () => context.close() };
    },
    close: () => browser.close(),
  };
}

function firefoxTab(_context: BrowserContext, page: Page): Tab {
  return {
    goto: async (url) => void (await page.goto(url)),
    reload: async () => void (await page.reload()),
    evaluate: (fn, ...args) => page.evaluate(callSource(fn, args)) as Promise<never>,
    async cookies() {
      // page.cookies() is deprecated for the context's cookies, which are not yet filtered by URL.
      return (await page.cookies()).map((c): Cookie => ({
        name: c.name, value: c.value, domain: c.domain, path: c.path, secure: c.secure, sameSite: c.sameSite ?? '', expires: c.expires,
      }));
    },
    close: () => page.close(),
  };
}
