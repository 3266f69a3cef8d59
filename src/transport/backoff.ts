/**
 * How long to wait before retry number `attempt` (0 for the first retry): `base` doubled per
 * attempt up to `cap`, with "equal jitter" — a random point in the upper half of that window —
 * so the tabs and clients that failed together do not come back together, yet none retries at
 * once (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/). A
 * `Retry-After` from the collector (seconds, RFC 9110 §10.2.3) is a floor the jitter never
 * undercuts.
 *
 * @example retryDelay(3, 1000, 60_000) // between 4000 and 8000
 * @example retryDelay(0, 1000, 60_000, 120) // 120000
 */
export function retryDelay(attempt: number, base: number, cap: number, retryAfter = 0, random = Math.random): number {
  return Math.max(Math.min(cap, base * 2 ** attempt) * (0.5 + random() / 2), retryAfter * 1000);
}
