import type { TestServer } from './test-server';

type Event = Record<string, unknown> & { properties: Record<string, unknown> };

/**
 * The events the collector received from one browser (one distinct ID), in arrival order,
 * de-duplicated on `_track_id` as the reference collector does: a batch whose fetch was in
 * flight when the page unloaded can come again after the page's beacon (the fetch's answer is
 * lost, so the dispatcher retries it).
 */
export function eventsOf(server: TestServer, distinctId: string, name?: string): Event[] {
  const seen = new Set<unknown>();
  return (server.events() as Event[]).filter((e) => {
    if (e.distinct_id !== distinctId || seen.has(e._track_id)) return false;
    seen.add(e._track_id);
    return name === undefined || e.event === name;
  });
}

/**
 * Polls `read` until it returns a truthy value; rejects after `timeoutMs` naming `label`, and
 * what `seen()` says arrived, so that a failure shows how far it got.
 */
export async function waitFor<T>(read: () => T | undefined | null | false | 0, label: string, timeoutMs = 20_000, seen?: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    // A promise is truthy: waiting on one would return at once and never fail.
    if (typeof (value as { then?: unknown } | undefined)?.then === 'function') throw new Error('waitFor(' + label + '): read() must not return a promise; poll page state with page.waitForFunction');
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting for ' + label + (seen ? '; received: ' + seen() : ''));
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Resolves after `ms`: for asserting that nothing more arrives. */
export const settle = (ms = 300) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits in the page until a route (or the landing) has settled (src/autotrack/route-settle.ts):
 * tracklet's 300 ms quiet timer was set before this one, so it fires first, and its idle
 * callback runs before this one's.
 *
 * @example await page.evaluate("go('/a')"); await settled(page);
 */
export const settled = (page: { evaluate(fn: () => Promise<unknown>): Promise<unknown> }) =>
  // Headless Chromium gives no idle period at all once the page has had a click or a key press,
  // so the idle callback has a limit: 400 + 3,000 ms passes tracklet's own cap (3 s after the
  // route began), by which time the route has settled either way.
  page.evaluate(() => new Promise((resolve) => setTimeout(() => requestIdleCallback(resolve, { timeout: 3000 }), 400)));
