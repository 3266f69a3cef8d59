import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DONE, DROP, outcomeOf, RETRY, retryDelay, SPLIT } from '../../src/transport/backoff';
import { parseRetryAfter } from '../../src/transport/sender';

test('the retry delay doubles per attempt from the base, up to the cap', () => {
  const top = (attempt: number) => retryDelay(attempt, 1000, 60_000, 0, () => 1);
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 7, 20].map(top), [1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000]);
});

test('jitter keeps the delay in the upper half of the window: never at once, never in step', () => {
  assert.equal(retryDelay(3, 1000, 60_000, 0, () => 0), 4000);
  assert.equal(retryDelay(3, 1000, 60_000, 0, () => 0.5), 6000);
  for (let i = 0; i < 200; i++) {
    const delay = retryDelay(2, 1000, 60_000);
    assert.ok(delay >= 2000 && delay <= 4000, String(delay));
  }
  const spread = new Set(Array.from({ length: 50 }, () => Math.round(retryDelay(4, 1000, 60_000))));
  assert.ok(spread.size > 40, 'clients that failed together come back apart');
});

test('Retry-After is a floor, above the backoff and above the cap', () => {
  assert.equal(retryDelay(0, 1000, 60_000, 5, () => 1), 5000);
  assert.equal(retryDelay(6, 1000, 60_000, 120, () => 1), 120_000);
  assert.equal(retryDelay(6, 1000, 60_000, 1, () => 1), 60_000, 'a short Retry-After does not shorten the backoff');
});

test('Retry-After is read in seconds or as an HTTP date', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  assert.equal(parseRetryAfter('7', now), 7);
  assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now), 30);
  assert.equal(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now), 0, 'a past date means now');
  assert.equal(parseRetryAfter('soon', now), undefined);
  assert.equal(parseRetryAfter(null, now), undefined);
});

test('the answer decides: 2xx done, 413 splits, no answer/408/429/5xx retry, other 4xx drop', () => {
  const of = (status: number, size = 10) => outcomeOf({ ok: status >= 200 && status < 300, status }, size);
  assert.deepEqual([200, 204].map((s) => of(s)), [DONE, DONE]);
  assert.equal(of(413), SPLIT);
  assert.equal(of(413, 1), DROP, 'a single event still too large');
  assert.deepEqual([0, 408, 429, 500, 502, 503, 504].map((s) => of(s)), Array(7).fill(RETRY));
  assert.deepEqual([400, 401, 403, 404, 410, 422, 499].map((s) => of(s)), Array(7).fill(DROP), '499 is the last 4xx: dropped, not retried');
});
