import { FORM_TYPE } from './sender';

/**
 * Hands a body to `navigator.sendBeacon`, which the browser delivers even after the page is
 * gone. A form-typed Blob keeps the request CORS-simple, so no preflight is needed
 * (https://w3c.github.io/beacon/#sec-processing-model). Returns false when the browser
 * refused it (missing API, over its 64 KB in-flight quota); the caller then keeps the events.
 *
 * @example if (!sendBeacon(url, body)) keepForLater(batch);
 */
export function sendBeacon(url: string, body: string): boolean {
  try {
    return typeof navigator.sendBeacon === 'function' && navigator.sendBeacon(url, new Blob([body], { type: FORM_TYPE }));
  } catch {
    return false;
  }
}
