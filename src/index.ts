import { withAutotrack } from './autotrack/plugin';
import { buildTracker } from './tracker';
import type { Tracker, TrackerOptions } from './types';

/**
 * Creates another tracker, independent of the default one (its own cookie name, user and
 * queue), with autotrack built in. With options it is initialized at once; without, call
 * `init()` later: calls made before then are replayed with their original time. No method
 * throws: failures go to `onError` and, in debug mode, the console.
 *
 * @example
 * const shop = createTracker({ serverUrl: 'https://collect.example.com/shop', cookieName: 'tracklet_shop' });
 * shop.track('buy', { price: 5 });
 */
export function createTracker(options?: TrackerOptions): Tracker {
  return buildTracker(withAutotrack, options);
}

/**
 * tracklet's npm entry. Importing it touches no browser API (safe under server-side
 * rendering); the default instance starts working at `init()`.
 *
 * @example
 * import tracklet from 'tracklet';
 * tracklet.init({ serverUrl: 'https://collect.example.com/sa' });
 * tracklet.login('user_42');
 * tracklet.track('buttonClick', { color: 'red' });
 */
const tracklet = /* @__PURE__ */ createTracker();

export default tracklet;
export * from './public-types';
