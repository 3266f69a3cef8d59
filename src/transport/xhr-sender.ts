import { FORM_TYPE, parseRetryAfter, type Sender } from './sender';

/**
 * Sends with XMLHttpRequest, for browsers without `fetch`.
 *
 * @example await createXhrSender().send(url, body)
 */
export function createXhrSender(): Sender {
  return {
    send(url, body) {
      return new Promise((resolve) => {
        try {
          const xhr = new XMLHttpRequest();
          xhr.open('POST', url);
          xhr.setRequestHeader('Content-Type', FORM_TYPE);
          xhr.onload = () => {
            const retryAfter = parseRetryAfter(xhr.getResponseHeader('Retry-After'), Date.now());
            const ok = xhr.status >= 200 && xhr.status < 300;
            resolve(retryAfter === undefined ? { ok, status: xhr.status } : { ok, status: xhr.status, retryAfter });
          };
          xhr.onerror = xhr.ontimeout = xhr.onabort = () => resolve({ ok: false, status: 0 });
          xhr.send(body);
        } catch {
          resolve({ ok: false, status: 0 });
        }
      });
    },
  };
}
