// Recovery after an outage, in real Chromium against the local collector (test server): the
// collector answers 503 from the moment 200 events are tracked until `seconds` later, then 200.
// Measured per run: the requests sent during the outage (per second), and the time from the
// collector answering again until the last of the 200 events arrived. Default options, except
// autotrack off, so the page's own pageview does not join the count.
import { loadavg } from 'node:os';
import type { Browser } from 'playwright';
import type { TestServer } from '../../test/browser/helpers/test-server';

const EVENTS = 200;
const PROPS = { product: 'sku_12345', price: 9.99, quantity: 2, category: 'books', in_stock: true };
// Bounded: the old 60 s cap could leave up to 60 s after the outage, and a loaded machine more.
const RECOVERY_LIMIT_MS = 150_000;

export interface OutageRun {
  requestsDuringOutage: number;
  requestsPerSecond: number;
  /** ms from the collector answering 200 again to the arrival of the last event; null: not all arrived. */
  msToRecover: number | null;
  delivered: number;
}

export interface OutageResult {
  seconds: number;
  runs: OutageRun[];
  medianMsToRecover: number | null;
  medianRequestsPerSecond: number;
  loadAverage: number[];
}

const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function once(browser: Browser, server: TestServer, url: string, seconds: number, run: string): Promise<OutageRun> {
  const context = await browser.newContext();
  try {
    const tab = await context.newPage();
    await tab.goto(url);
    await tab.waitForTimeout(300);
    server.answer(503);
    const down = Date.now();
    await tab.evaluate(
      ([count, props, run]) => {
        for (let i = 0; i < count; i++) (window as any).tracklet.track('outage', { ...props, run, i });
      },
      [EVENTS, PROPS, run] as const,
    );
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000 - (Date.now() - down)));
    server.answer(200);
    const restored = Date.now();
    const mine = () => server.received.filter((r) => r.at >= down && r.events.some((e) => (e.properties as { run?: string })?.run === run));
    const arrived = () => new Set(mine().filter((r) => r.status === 200).flatMap((r) => r.events.map((e) => e._track_id))).size;
    await server.waitFor(() => arrived() >= EVENTS, run + ': all events after the outage', RECOVERY_LIMIT_MS).catch(() => undefined);
    const delivered = arrived();
    const lastArrival = Math.max(...mine().filter((r) => r.status === 200).map((r) => r.at));
    const during = mine().filter((r) => r.at < restored).length;
    return {
      requestsDuringOutage: during,
      requestsPerSecond: +(during / seconds).toFixed(2),
      msToRecover: delivered >= EVENTS ? Math.max(0, lastArrival - restored) : null,
      delivered,
    };
  } finally {
    server.answer(200);
    await context.close();
  }
}

/**
 * `runs` outages of each length in `seconds`, one fresh browser context (and queue) per run.
 *
 * @example const results = await measureOutages(browser, server, url, [5, 60], 3);
 */
export async function measureOutages(browser: Browser, server: TestServer, url: string, lengths: number[], runs: number): Promise<OutageResult[]> {
  const results: OutageResult[] = [];
  for (const seconds of lengths) {
    const all: OutageRun[] = [];
    for (let i = 0; i < runs; i++) {
      all.push(await once(browser, server, url, seconds, seconds + 's-' + i));
      console.log(seconds + ' s outage, run ' + (i + 1) + ': ' + JSON.stringify(all.at(-1)));
    }
    const recovered = all.map((r) => r.msToRecover);
    results.push({
      seconds,
      runs: all,
      // A run in which not everything arrived counts as the slowest (null if it is the median).
      medianMsToRecover: ((m) => (m === Infinity ? null : m))(median(recovered.map((ms) => ms ?? Infinity))),
      medianRequestsPerSecond: median(all.map((r) => r.requestsPerSecond)),
      loadAverage: loadavg().map((n) => +n.toFixed(1)),
    });
  }
  return results;
}
