import type { SendResult } from './sender';

/**
 * How long to wait before retry number `attempt` (0 for the first retry): `base` doubled per
 * attempt up to `cap`, with "equal jitter" — a random point in the upper half of that window —
 * so the tabs and clients that failed together do not come back together, yet none retries at
 * once (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/). A
 * `Retry-After` from the collector (seconds, RFC 9110 §10.2.3) is a floor the jitter never
 * undercuts.
 *
 * With the defaults (base 1000, cap 1800: src/options.ts) that is 0.5-1 s, then 0.9-1.8 s for
 * as long as the collector fails: 0.76-0.93 requests a second per failing tab (a 60 s, a 5 s
 * outage), and the next attempt comes 0.68 s (median) after the outage ends, however long it
 * lasted. The old cap of 60 s left 10-20 s after a 60 s outage. A collector that needs fewer
 * requests says so with `Retry-After` (docs/outage-recovery.md).
 *
 * @example retryDelay(3, 1000, 60_000) // between 4000 and 8000
 * @example retryDelay(5, 1000, 1800) // between 900 and 1800
 * @example retryDelay(0, 1000, 1800, 120) // 120000
 */
export function retryDelay(attempt: number, base: number, cap: number, retryAfter = 0, random = Math.random): number {
  return Math.max(Math.min(cap, base * 2 ** attempt) * (0.5 + random() / 2), retryAfter * 1000);
}

/** What to do with a batch after an answer (see `outcomeOf`); numbers, so the bundle inlines them. */
export const DONE = 0;
export const SPLIT = 1;
export const RETRY = 2;
export const DROP = 3;
export type Outcome = typeof DONE | typeof SPLIT | typeof RETRY | typeof DROP;

/**
 * The delivery rules for one answer: 2xx is done; 413 splits a batch of several events; no
 * answer (network error, timeout), 408, 429 and 5xx are worth retrying; any other status is
 * the collector rejecting the batch as malformed, so it is dropped (and reported) — as is a
 * single event still too large.
 *
 * @example outcomeOf({ ok: false, status: 503 }, 50) // RETRY
 */
export function outcomeOf(result: SendResult, size: number): Outcome {
  const status = result.status;
  if (result.ok) return DONE;
  if (status === 413 && size > 1) return SPLIT;
  return !status || status === 408 || status === 429 || status > 499 ? RETRY : DROP;
}
