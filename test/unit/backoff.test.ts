import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DONE, DROP, outcomeOf, RETRY, retryDelay, SPLIT } from '../../src/transport/backoff';
import { parseRetryAfter } from '../../src/transport/sender';
import { resolveSettings } from '../../src/options';
import { recorder } from './helpers';

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

test('the default cap keeps a failing tab near one retry a second: 0.5-1 s, then 0.9-1.8 s', () => {
  Object.defineProperty(globalThis, 'location', { value: { href: 'https://shop.example.com/' }, configurable: true });
  const { retryDelay: base, maxRetryDelay: cap } = resolveSettings({ serverUrl: '/c' }, recorder())!;
  delete (globalThis as { location?: unknown }).location;
  assert.deepEqual([base, cap], [1000, 1800]);
  assert.deepEqual([0, 0.5, 1].map((r) => retryDelay(0, base, cap, 0, () => r)), [500, 750, 1000]);
  for (const attempt of [1, 2, 10, 1000]) assert.deepEqual([0, 1].map((r) => retryDelay(attempt, base, cap, 0, () => r)), [900, 1800]);
  assert.equal(retryDelay(40, base, cap, 30, () => 1), 30_000, 'a Retry-After longer than the cap still holds');
});

// Attempts during an outage of `length` ms that began with a failed send at 0, and how long
// after its end the next attempt (the one that gets through) comes, by the dispatcher's rule.
function outage(length: number, cap: number): { perSecond: number; waitAfter: number } {
  let t = 0;
  let attempts = 1;
  for (let attempt = 0; (t += retryDelay(attempt, 1000, cap)) < length; attempt++) attempts++;
  return { perSecond: (attempts * 1000) / length, waitAfter: t - length };
}
const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1]!;

test('after a 5 s or a 60 s outage the next attempt comes within 1 s (median), at most one attempt a second meanwhile', () => {
  for (const length of [5000, 60_000]) {
    const runs = Array.from({ length: 2000 }, () => outage(length, 1800));
    const rate = runs.reduce((sum, r) => sum + r.perSecond, 0) / runs.length;
    const wait = median(runs.map((r) => r.waitAfter));
    assert.ok(rate <= 1, length + ' ms: ' + rate + ' attempts a second on average');
    assert.ok(wait < 850, length + ' ms: next attempt ' + wait + ' ms after the end (median)');
  }
  // The old cap of 60 s: after a 60 s outage the median wait was 10-20 s.
  assert.ok(median(Array.from({ length: 2000 }, () => outage(60_000, 60_000).waitAfter)) > 5000);
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
