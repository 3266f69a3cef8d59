import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright';

/** Calls `window.tracklet[method](...args)` in the page and returns its (serializable) result. */
export const call = (page: Page, method: string, ...args: unknown[]) =>
  page.evaluate(([m, a]) => (window as any).tracklet[m as string](...(a as unknown[])), [method, args] as const);

/** What the page reported: uncaught errors, unhandled rejections and `onError` calls. */
export const errors = (page: Page) => page.evaluate(() => (window as any).__errors as string[]);

/** The page origin's localStorage as a plain object. */
export const storage = (page: Page) => page.evaluate(() => ({ ...localStorage }) as Record<string, string>);

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A new context whose pages define `__name`: tsx (esbuild keepNames) wraps named functions in
 * `__name(...)` calls, which break functions handed to `page.evaluate` unless the page has it.
 */
export async function newContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  await context.addInitScript({ content: 'window.__name = (f) => f;' });
  return context;
}
