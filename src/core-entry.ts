import type { Plugin } from './autotrack/plugin';
import type { Report } from './lib/report';
import { buildTracker } from './tracker';
import type { Tracker, TrackerOptions } from './types';

// The plugins passed in `init()`, each once; what is not a plugin is reported and left out.
function pluginsOf(given: Partial<TrackerOptions>, report: Report): Plugin[] {
  const plugins = [...new Set(Array.isArray(given.plugins) ? given.plugins : [])] as Plugin[];
  const usable = plugins.filter((plugin) => typeof plugin?.start == 'function');
  if (usable.length < plugins.length) report('invalid_option', 'init: plugins: not a tracklet plugin; ignored', 'init');
  // Without the plugin the autotrack options would be ignored without a word.
  if (given.autotrack && !usable.some((plugin) => plugin.name == 'autotrack')) report('invalid_option', "init: autotrack needs plugins: [autotrack] from 'tracklet/autotrack'", 'init');
  return usable;
}

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
  return buildTracker(pluginsOf, options);
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
