import { FORM_TYPE, parseRetryAfter, type Sender } from './sender';

// Chromium refuses keepalive requests once 64 KB are in flight; a smaller body can use it and
// so survive the page navigating away mid-request.
const KEEPALIVE_LIMIT = 60_000;

/**
 * Sends with `fetch`: credentials omitted (the collector needs no cookies of ours), form body,
 * and `keepalive` for bodies small enough to have it.
 *
 * @example await createFetchSender().send(url, body)
 */
export function createFetchSender(): Sender {
  return {
    async send(url, body) {
      try {
        const response = await fetch(url, {
          method: 'POST',
          body,
          headers: { 'Content-Type': FORM_TYPE },
          credentials: 'omit',
          keepalive: body.length < KEEPALIVE_LIMIT,
        });
        const retryAfter = parseRetryAfter(response.headers.get('Retry-After'), Date.now());
        return retryAfter === undefined
          ? { ok: response.ok, status: response.status }
          : { ok: response.ok, status: response.status, retryAfter };
      } catch {
        return { ok: false, status: 0 };
      }
    },
  };
}
