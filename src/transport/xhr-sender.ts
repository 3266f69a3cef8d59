import { FORM_TYPE, parseAnswer, parseRetryAfter, type Sender } from './sender';

/**
 * Sends with XMLHttpRequest, for browsers without `fetch`: a form POST, or a GET when there is
 * no body.
 *
 * @example await createXhrSender().send(url, body)
 */
export function createXhrSender(): Sender {
  return {
    send(url, body) {
      return new Promise((resolve) => {
        try {
          const xhr = new XMLHttpRequest();
          xhr.open(body === undefined ? 'GET' : 'POST', url);
          xhr.setRequestHeader('Content-Type', FORM_TYPE);
          xhr.onload = () => {
            const status = xhr.status;
            const answer = parseAnswer(xhr.responseText);
            resolve({ ok: status >= 200 && status < 300, status, retryAfter: parseRetryAfter(xhr.getResponseHeader('Retry-After'), Date.now()), answer });
          };
          xhr.onerror = xhr.ontimeout = xhr.onabort = () => resolve({ ok: false, status: 0 });
          xhr.send(body || null);
        } catch {
          resolve({ ok: false, status: 0 });
        }
      });
    },
  };
}
