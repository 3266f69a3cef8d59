import type { Plugin } from './autotrack/plugin';
import type { Feature } from './features/feature';
import type { Report } from './lib/report';
import { identity as identityFeature } from './features/identity-calls';
import { profiles as profilesFeature } from './features/profiles';
import { superProperties as superPropertiesFeature } from './features/super-properties';
import { timedEvents as timedEventsFeature } from './features/timed-events';
import { buildTrackerWith } from './tracker';
import type { Tracker, TrackerOptions, TrackerPlugin } from './types';

// The plugins passed in `init()`, each once; what is not a plugin is reported and left out.
function pluginsOf(given: Partial<TrackerOptions>, report: Report): (Plugin | Feature)[] {
  const plugins = [...new Set(Array.isArray(given.plugins) ? given.plugins : [])] as (Plugin & Feature)[];
  const usable = plugins.filter((plugin) => typeof plugin?.start == 'function' || typeof plugin?.setup == 'function');
  if (usable.length < plugins.length) report('invalid_option', 'init: plugins: not a tracklet plugin; ignored', 'init');
  // Without the plugin the autotrack options would be ignored without a word.
  if (given.autotrack && !usable.some((plugin) => plugin.name == 'autotrack')) report('invalid_option', "init: autotrack needs plugins: [autotrack] from 'tracklet/autotrack'", 'init');
  return usable;
}

/**
 * Creates a lean tracker: `track`, the anonymous ID, consent, `reset` and durable delivery.
 * The rest comes from the plugins passed in `init()`: `identity` (login, bind, ...),
 * `profiles`, `superProperties` and `timedEvents` from here, `autotrack` from
 * `tracklet/autotrack`. A method whose plugin is missing reports `missing_plugin` and does
 * nothing. With options it is initialized at once.
 *
 * @example
 * import { createTracker, identity } from 'tracklet/core';
 * const shop = createTracker({ serverUrl: 'https://collect.example.com/shop', cookieName: 'tracklet_shop', plugins: [identity] });
 */
export function createTracker(options?: TrackerOptions): Tracker {
  return buildTrackerWith(pluginsOf, options);
}

/**
 * `tracklet/core`: the lean tracker, for apps that track their own events and bundle only the
 * plugins they pass (what such an app bundles is measured by test/unit/bundle-size.test.ts;
 * docs/decisions/core-plugins.md says why). Importing it touches no browser API.
 *
 * @example
 * import tracklet, { identity } from 'tracklet/core';
 * tracklet.init({ serverUrl: 'https://collect.example.com/sa', plugins: [identity] });
 * tracklet.login('user_42');
 * tracklet.track('checkout', { total: 42 });
 */
const tracklet = /* @__PURE__ */ createTracker();

export default tracklet;

// The feature plugins; typed as the public TrackerPlugin (their inside is not an API).
/** `identify`, `login`, `bind`, `unbind`, `logout`, `resetAnonymousIdentity`: `plugins: [identity]`. */
export const identity: TrackerPlugin = identityFeature;
/** `setProfile`, `setOnceProfile`, `incrementProfile`, `appendProfile`, `unsetProfile`, `deleteProfile`: `plugins: [profiles]`. */
export const profiles: TrackerPlugin = profilesFeature;
/** `registerSuperProperties`, `unregisterSuperProperty`, `clearSuperProperties`, `getSuperProperties`: `plugins: [superProperties]`. */
export const superProperties: TrackerPlugin = superPropertiesFeature;
/** `timeEvent`: `plugins: [timedEvents]`. */
export const timedEvents: TrackerPlugin = timedEventsFeature;
export * from './public-types';
