import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright';
import { sdkPage } from './pages';
import type { TestServer } from './test-server';

const BUNDLE = join(import.meta.dirname, '..', '..', '..', 'dist', 'tracklet.min.js');

/** Init options that keep the delivery tests fast: short intervals and retry delays. */
export const FAST = { flushInterval: 50, retryDelay: 50, maxRetryDelay: 400 };

/** Tracks `count` events named `evt` with properties `{ i, run }`, in one task. */
export function trackMany(page: Page, count: number, run = 'r', from = 0): Promise<void> {
  return page.evaluate(
    ([n, r, start]) => {
      for (let i = start; i < start + n; i++) (window as any).tracklet.track('evt', { i, run: r });
    },
    [count, run, from] as const,
  );
}

/**
 * Waits (at most `timeoutMs`) until the queue holds `count` records. A page closed within the
 * few ms between track() and the IndexedDB commit of its write can only be saved by the
 * page-hide send: tests of what the queue keeps across pages start once the events are stored.
 * It asks for the records' count until that is reached (reading 10,000 records every 20 ms held
 * up the very writes it waited for), then checks the records themselves.
 */
export async function untilQueued(page: Page, count: number, timeoutMs = 3000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; (await storedCount(page)) < count || (await queued(page)).length < count; ) {
    if (Date.now() > deadline) throw new Error('the queue never held ' + count + ' events');
    await sleep(20);
  }
}

/** How many records IndexedDB and localStorage hold, a record in both counted twice: at least as many as `queued` returns. */
function storedCount(page: Page, name = 'tracklet_id'): Promise<number> {
  return page.evaluate(
    (db) =>
      new Promise<number>((resolve, reject) => {
        const kept = Object.keys(localStorage).filter((key) => key.startsWith(db + '_q_')).length;
        const open = indexedDB.open(db);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          if (!open.result.objectStoreNames.contains('events')) return resolve(kept);
          const stored = open.result.transaction('events').objectStore('events').count();
          stored.onsuccess = () => resolve(stored.result + kept);
          open.result.close();
        };
      }),
    name,
  );
}

/**
 * Opens `url` and waits until the page's load-time drain (which sends what earlier pages
 * left) is over: a drain that reads the queue a moment late would also take the events the
 * test tracks next, so that they would not leave by the path under test.
 */
export async function openSettled(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.evaluate(() => (window as any).tracklet.flush());
}

/** What the page reported: uncaught errors and `onError` calls (see pages.ts). */
export const pageErrors = (page: Page): Promise<string[]> => page.evaluate(() => (window as any).__errors as string[]);

/**
 * The records in the tracker's queue as the tracker sees it: its IndexedDB store (database
 * `name`, store `events`) and the records kept in localStorage at page hide (`<name>_q_<key>`),
 * which win where both have one. Only their keys and marks leave the page: `untilQueued` asks
 * every 20 ms, and 10,000 whole records (3.5 MB through the DevTools protocol each time) made
 * the waiting, not the tracker, the slow part of a test.
 */
export async function queued(page: Page, name = 'tracklet_id'): Promise<{ k: string; s?: number }[]> {
  const stored = (await page.evaluate(
    (db) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open(db);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          if (!open.result.objectStoreNames.contains('events')) return resolve([]);
          const all = open.result.transaction('events').objectStore('events').getAll();
          all.onsuccess = () => resolve(all.result.map(({ k, s }: { k: string; s?: number }) => (s === undefined ? { k } : { k, s })));
          open.result.close();
        };
      }),
    name,
  )) as { k: string; s?: number }[];
  const kept = await page.evaluate(
    (prefix) => Object.keys(localStorage).filter((key) => key.startsWith(prefix)).map((key) => JSON.parse(localStorage.getItem(key)!)),
    name + '_q_',
  );
  return [...new Map([...stored, ...kept].map((record) => [record.k, record])).values()];
}

/**
 * The queue once the page has settled: waits (at most 5 s) for it to be empty, as it is once
 * every event is acknowledged, and returns what is left. It only waits: a page that keeps an
 * acknowledged event is not given another chance to send it.
 */
export async function drained(page: Page, name = 'tracklet_id'): Promise<{ k: string; s?: number }[]> {
  let left = await queued(page, name);
  for (const deadline = Date.now() + 5000; left.length && Date.now() < deadline; left = await queued(page, name)) await sleep(50);
  return left;
}

/** The `i` property of the accepted events of one `run`, sorted, to compare with what was tracked. */
export function received(server: TestServer, run = 'r'): number[] {
  return server
    .events()
    .filter((e) => (e.properties as Record<string, unknown>).run === run)
    .map((e) => (e.properties as Record<string, number>).i!)
    .sort((a, b) => a - b);
}

export const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

/** Serves the page and the bundle from the test itself, so that a page loads while offline. */
export async function serveWhileOffline(context: BrowserContext, path: string, html: string): Promise<void> {
  await context.route('**' + path, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: html }));
  await context.route('**/dist/tracklet.min.js', (route) =>
    route.fulfill({ status: 200, contentType: 'text/javascript', path: BUNDLE }),
  );
}

/** Makes the page think it was hidden (a tab switch) or shown again, and fires visibilitychange. */
export function setVisibility(page: Page, state: 'hidden' | 'visible'): Promise<void> {
  // A string, not a function: tsx would wrap the getter in a helper the page does not have.
  return page.evaluate(`Object.defineProperty(document, 'visibilityState', { configurable: true, get() { return '${state}'; } });
    document.dispatchEvent(new Event('visibilitychange'));`);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let pages = 0;

/** Serves a fresh SDK page (FAST options plus `options`) and returns its path. */
export function sdkPath(server: TestServer, options: Record<string, unknown> = {}, cacheable = false): string {
  const path = '/sdk' + ++pages + '.html';
  server.page(path, sdkPage(server.origin + '/collect', { ...FAST, ...options }), cacheable);
  return path;
}

/** The requests the collector endpoint received that carry events of one of `runs`. */
export function requestsWith(server: TestServer, ...runs: string[]): TestServer['received'] {
  return server.received.filter((r) => r.events.some((e) => runs.includes((e.properties as { run?: string }).run ?? '')));
}

/**
 * One row of the fault matrix, printed as a test diagnostic: what was tracked in `runs`, what
 * the collector accepted, how many distinct `_track_id`s and how many arrived more than once.
 */
export function tally(t: { diagnostic(message: string): void }, server: TestServer, tracked: number, ...runs: string[]): void {
  const events = server.events().filter((e) => runs.includes((e.properties as { run?: string }).run ?? ''));
  const unique = new Set(events.map((e) => e._track_id)).size;
  const requests = requestsWith(server, ...runs).length;
  t.diagnostic(`fault-matrix | tracked ${tracked} | accepted ${events.length} | unique ${unique} | duplicates ${events.length - unique} | requests ${requests}`);
}

/**
 * Waits (at most `timeoutMs`) until the collector has accepted `expected.length` events of
 * `run`, then 200 ms more so that a late duplicate would be counted too; prints the tally of
 * the `tracked` events and checks that exactly `expected` (by `i`) arrived, once each.
 */
export async function allArrive(
  t: { diagnostic(message: string): void },
  server: TestServer,
  run: string,
  { tracked, expected, timeoutMs = 5000, message }: { tracked: number; expected: number[]; timeoutMs?: number; message?: string },
): Promise<void> {
  await server.waitFor(() => received(server, run).length >= expected.length, `${expected.length} events`, timeoutMs);
  await sleep(200);
  tally(t, server, tracked, run);
  assert.deepEqual(received(server, run), expected, message);
}
