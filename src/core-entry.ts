import { buildTracker } from './tracker';
import type { Tracker, TrackerOptions } from './types';

/**
 * Creates a tracker without autotrack: `track`, identity, profiles, super properties, consent
 * and durable delivery, and no automatic event. Add autotrack back with
 * `plugins: [autotrack]` from `tracklet/autotrack`. With options it is initialized at once.
 *
 * @example
 * import { createTracker } from 'tracklet/core';
 * const shop = createTracker({ serverUrl: 'https://collect.example.com/shop', cookieName: 'tracklet_shop' });
 */
export function createTracker(options?: TrackerOptions): Tracker {
  return buildTracker([], options);
}

/**
 * `tracklet/core`: the tracker without autotrack, for apps that track their own events (what
 * such an app bundles is measured by test/unit/bundle-size.test.ts). Importing it touches no
 * browser API.
 *
 * @example
 * import tracklet from 'tracklet/core';
 * tracklet.init({ serverUrl: 'https://collect.example.com/sa' });
 * tracklet.track('checkout', { total: 42 });
 */
const tracklet = /* @__PURE__ */ createTracker();

export default tracklet;
export * from './public-types';
