import { FORM_TYPE, parseAnswer, parseRetryAfter, type Sender } from './sender';

// Chromium refuses keepalive requests once 64 KB are in flight; a smaller body can use it and
// so survive the page navigating away mid-request.
const KEEPALIVE_LIMIT = 60_000;

/**
 * Sends with `fetch`: credentials omitted (the collector needs no cookies of ours), form body
 * (a GET when there is none), and `keepalive` for bodies small enough to have it.
 *
 * @example await createFetchSender().send(url, body)
 */
export function createFetchSender(): Sender {
  return {
    async send(url, body) {
      try {
        const response = await fetch(url, {
          method: body === undefined ? 'GET' : 'POST',
          // No body (undefined) for a GET.
          body: body as BodyInit,
          headers: { 'Content-Type': FORM_TYPE },
          credentials: 'omit',
          keepalive: (body || url).length <= KEEPALIVE_LIMIT,
        });
        // Read the (small) answer to its end: until then Chromium counts a keepalive request
        // against the 64 KB keepalive quota, and the next keepalive fetch fails at once. A 2xx
        // answer may list events the collector refused.
        const answer = parseAnswer(await response.text().catch(() => ''));
        return { ok: response.ok, status: response.status, retryAfter: parseRetryAfter(response.headers.get('Retry-After'), Date.now()), answer };
      } catch {
        return { ok: false, status: 0 };
      }
    },
  };
}
