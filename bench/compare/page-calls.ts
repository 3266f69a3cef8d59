import type { Page } from 'playwright';
import { withTimeout } from './bounded';

/** The five properties every bench event carries: `seq` and `run` identify it at the collector. */
export interface BenchProps {
  seq: number;
  run: string;
  plan: string;
  price: number;
  ok: boolean;
}

export interface TrackLoop {
  /** Calls made: `count`, or fewer when the time budget ran out first. */
  calls: number;
  ms: number;
  /** performance.now() when the loop ended, to tell later long tasks from the loop's own. */
  end: number;
  error?: string;
}

/**
 * Tracks up to `count` bench events (seq `from`…) in one synchronous loop inside the page, timed
 * with `performance.now()`. The loop stops early once `budgetMs` is spent (checked every 100
 * calls), so an SDK that takes milliseconds per call cannot hold the bench for minutes. An
 * exception from the SDK is returned, not thrown, so the measurement can report it.
 *
 * @example const { calls, ms } = await trackMany(page, 10_000);
 */
export function trackMany(page: Page, count: number, from = 0, budgetMs = 15_000): Promise<TrackLoop> {
  const loop = page.evaluate(
    ([count, from, budgetMs]) => {
      const bench = (window as unknown as { __bench: { run: string; track(name: string, props: BenchProps): void } }).__bench;
      const start = performance.now();
      let i = 0;
      try {
        for (; i < count; i++) {
          if (i % 100 === 0 && i && performance.now() - start > budgetMs) break;
          bench.track('bench_event', { seq: from + i, run: bench.run, plan: 'pro', price: 9.99, ok: true });
        }
      } catch (error) {
        const end = performance.now();
        return { calls: i, ms: end - start, end, error: String(error) };
      }
      const end = performance.now();
      return { calls: i, ms: end - start, end };
    },
    [count, from, budgetMs] as const,
  );
  return withTimeout(loop, budgetMs + 60_000, `tracking ${count} events`);
}

/** Loads the bench page and waits for its `load` event; returns the page's own errors. */
export async function openBenchPage(page: Page, url: string): Promise<{ loadInitMs: number; errors: string[] }> {
  await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
  const read = page.evaluate(() => {
    const bench = (window as unknown as { __bench: { t0: number; t1: number; errors: string[] } }).__bench;
    return { loadInitMs: bench.t1 - bench.t0, errors: bench.errors.slice() };
  });
  return withTimeout(read, 20_000, 'reading the load time');
}

/**
 * The page's recorded errors so far ([] when the page is gone, or when its main thread is
 * still too busy to answer within 5 s).
 */
export function pageErrors(page: Page): Promise<string[]> {
  const read = page.evaluate(() => (window as unknown as { __bench: { errors: string[] } }).__bench.errors.slice());
  return withTimeout(read, 5000, 'reading page errors').catch(() => []);
}
