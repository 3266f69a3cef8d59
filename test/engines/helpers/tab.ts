import type { Tab } from '../drivers';
import { sdkPage } from '../../browser/helpers/pages';
import { FAST, sleep } from '../../browser/helpers/delivery';
import type { TestServer } from '../../browser/helpers/test-server';

/**
 * Catches what goes wrong in the page before the SDK loads: uncaught errors, unhandled
 * rejections and console.error calls (classic WebDriver reports no console messages, so the
 * page records them itself, the same way in every engine).
 */
const CAPTURE = `<script>
window.__engineErrors = [];
addEventListener('error', (e) => __engineErrors.push('error: ' + e.message));
addEventListener('unhandledrejection', (e) => __engineErrors.push('unhandledrejection: ' + e.reason));
(() => { const log = console.error; console.error = (...args) => { __engineErrors.push('console.error: ' + args.join(' ')); log.apply(console, args); }; })();
</script>`;

let pages = 0;

/**
 * Serves a fresh SDK page (FAST options plus `options`, autotrack off unless asked) with the
 * error capture, and `before` (a script run before the SDK loads, e.g. to take an API away)
 * and `body` (HTML) where given; returns its path.
 */
export function enginePage(server: TestServer, options: Record<string, unknown> = {}, { before = '', body = '', title = '' } = {}): string {
  const path = '/engine' + ++pages + '.html';
  let html = sdkPage(server.origin + '/collect', { ...FAST, ...options })
    .replace('<body>', '<body>' + body)
    .replace('<script src=', CAPTURE + (before ? '<script>' + before + '</script>' : '') + '<script src=');
  if (title) html = html.replace('<title>tracklet test page</title>', '<title>' + title + '</title>');
  server.page(path, html);
  return path;
}

/** Calls `window.tracklet[method](...args)` and returns its (JSON) result, awaited. */
export const call = <T = unknown>(tab: Tab, method: string, ...args: unknown[]): Promise<T> =>
  tab.evaluate((m: string, a: unknown[]) => (window as any).tracklet[m](...a), method, args) as Promise<T>;

/** Tracks `count` events named `evt` with properties `{ i, run }`, in one task. */
export const trackMany = (tab: Tab, count: number, run = 'r', from = 0): Promise<void> =>
  tab.evaluate((n: number, r: string, start: number) => {
    for (let i = start; i < start + n; i++) (window as any).tracklet.track('evt', { i, run: r });
  }, count, run, from);

/** Everything the page reported: its onError calls, uncaught errors and console errors. */
export const pageErrors = (tab: Tab): Promise<string[]> =>
  tab.evaluate(() => [...((window as any).__errors ?? []), ...((window as any).__engineErrors ?? [])] as string[]);

/** The records of the tracker's queue: its IndexedDB store and the copies kept in localStorage. */
export const queued = (tab: Tab, name = 'tracklet_id'): Promise<{ k: string; s?: number }[]> =>
  tab.evaluate(async (db: string) => {
    const stored: { k: string }[] = typeof indexedDB === 'undefined' || !indexedDB ? [] : await new Promise((resolve) => {
      const open = indexedDB.open(db);
      open.onerror = () => resolve([]);
      open.onsuccess = () => {
        if (!open.result.objectStoreNames.contains('events')) return resolve([]);
        const all = open.result.transaction('events').objectStore('events').getAll();
        all.onsuccess = () => resolve(all.result);
        all.onerror = () => resolve([]);
      };
    });
    let kept: { k: string }[] = [];
    try {
      kept = Object.keys(localStorage).filter((key) => key.startsWith(db + '_q_')).map((key) => JSON.parse(localStorage.getItem(key)!));
    } catch {
      // localStorage blocked: nothing kept there.
    }
    return [...new Map([...stored, ...kept].map((record) => [record.k, record])).values()];
  }, name);

/** Waits (at most `timeoutMs`) until the queue holds `count` records. */
export async function untilQueued(tab: Tab, count: number, timeoutMs = 5000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; (await queued(tab)).length < count; ) {
    if (Date.now() > deadline) throw new Error('the queue never held ' + count + ' events');
    await sleep(50);
  }
}

/** Waits (at most 5 s) for the queue to be empty, as it is once every event is acknowledged; returns what is left. */
export async function drained(tab: Tab, name = 'tracklet_id'): Promise<{ k: string }[]> {
  let left = await queued(tab, name);
  for (const deadline = Date.now() + 5000; left.length && Date.now() < deadline; left = await queued(tab, name)) await sleep(100);
  return left;
}

/** Opens `url` and waits until the page's load-time drain is over (see test/browser/helpers/delivery.ts). */
export async function openSettled(tab: Tab, url: string): Promise<void> {
  await tab.goto(url);
  await call(tab, 'flush');
}
