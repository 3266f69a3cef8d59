import { createCore, readIdentity, type Core } from './core';
import { ALL_FEATURES } from './features/all';
import { FEATURE_METHODS } from './features/feature';
import { hasDom } from './lib/browser';
import { createReport, errorText } from './lib/report';
import { readJson, writeJson } from './lib/web-storage';
import { resolveSettings, type PluginsOf, type Settings } from './options';
import type { Tracker, TrackerOptions } from './types';

/** Calls made before `init()` (or before consent) are kept, up to this many, and replayed. */
const EARLY_CALLS_LIMIT = 500;

/**
 * Creates a tracker with every feature (identity calls, profiles, super properties, timed
 * events) and the plugins `pluginsOf` picks: the `tracklet` entry and the script tag (which also
 * passes the clock its loader replay needs).
 *
 * @example
 * const shop = buildTracker(() => [autotrack], { serverUrl: 'https://collect.example.com/sa', cookieName: 'tracklet_shop' });
 * shop.track('buy', { price: 5 });
 */
export function buildTracker(pluginsOf: PluginsOf, options?: TrackerOptions, now: () => number = Date.now): Tracker {
  return buildTrackerWith((given, report) => [...ALL_FEATURES, ...pluginsOf(given, report)], options, now);
}

/**
 * Creates a tracker that runs only the features and plugins `pluginsOf` picks (`tracklet/core`
 * passes those given in `init()`, so that an app bundles only what it asked for). Every method
 * exists; one whose feature does not run reports `missing_plugin`. With
 * options it is initialized at once; without, call `init()` later —
 * calls made before then are replayed by `init()` with their original time. No method throws:
 * failures go to `onError` and, in debug mode, the console.
 *
 * Consent: the decision (`optIn`/`optOut`) is kept in localStorage beside the instance's other
 * keys. Until tracking may start (no `init()` yet, or `requireConsent` without `optIn()`) no
 * cookie or storage is written and calls are held in memory; after `optOut()` they are dropped.
 *
 * @example
 * const lean = buildTrackerWith(() => [profiles], { serverUrl: 'https://collect.example.com/sa' });
 * lean.setProfile({ plan: 'pro' });
 */
export function buildTrackerWith(pluginsOf: PluginsOf, options?: TrackerOptions, now: () => number = Date.now): Tracker {
  let settings: Settings | undefined;
  let core: Core | undefined;
  /** true: opted in, false: opted out, undefined: no decision yet. */
  let consent: boolean | undefined;
  let onError: TrackerOptions['onError'];
  let debug = false;
  let replayTime: number | undefined;
  let early: (() => void)[] = [];
  const report = createReport({ debug: () => debug, onError: () => onError });
  const clock = () => replayTime ?? now();
  const failed = (method: string, error: unknown) => report('internal_error', method + ' failed: ' + errorText(error), method);

  // Wraps a public method: never throws; until tracking starts it holds the call for replay.
  function guard<A extends unknown[]>(method: string, body: (core: Core, ...args: A) => void) {
    return (...args: A): void => {
      try {
        if (core) return body(core, ...args);
        // After optOut() the user's decision is the reason: dropped quietly, not an error.
        if (consent === false) return;
        if (early.length >= EARLY_CALLS_LIMIT) return report('not_initialized', method + ': dropped; ' + EARLY_CALLS_LIMIT + ' calls wait for init() or optIn()', method);
        const time = now();
        early.push(() => {
          replayTime = time;
          body(core!, ...args);
        });
      } catch (error) {
        failed(method, error);
      } finally {
        replayTime = undefined;
      }
    };
  }

  // Builds the core once init() ran and consent allows, then replays the held calls.
  function start() {
    if (core || !settings || consent === false || (settings.requireConsent && !consent)) return;
    core = createCore(settings, report, clock);
    for (const call of early.splice(0)) {
      try {
        call();
      } catch (error) {
        failed('init', error);
      } finally {
        replayTime = undefined;
      }
    }
  }

  function decide(given: boolean) {
    try {
      consent = given;
      if (!given) {
        early = [];
        if (core) core.erase();
        core = undefined;
      }
      if (settings) writeJson(settings.cookieName + '_consent', +given);
      start();
    } catch (error) {
      failed(given ? 'optIn' : 'optOut', error);
    }
  }

  // A feature's method called while its feature does not run (tracklet/core without it in `plugins`).
  const missing = (feature: string, method: string) =>
    report('missing_plugin', method + ': needs plugins: [' + feature + "] from 'tracklet/core'; not done", method);

  // The methods that need a core; each is wrapped by guard() under its own name.
  const calls: Record<string, (core: Core, ...args: unknown[]) => void> = {
    track: (core, event, properties) => core.track(event, properties),
    reset: (core) => core.reset(),
  };
  for (const [feature, methods] of Object.entries(FEATURE_METHODS)) {
    for (const method of methods.split(' ')) {
      calls[method] = (core, ...args) => {
        const call = core.calls[method] as ((...args: unknown[]) => void) | undefined;
        if (call) call(...args);
        else missing(feature, method);
      };
    }
  }

  const tracker = {
    init(options: TrackerOptions) {
      try {
        if (settings) return report('already_initialized', 'init: already initialized; the new options are ignored', 'init');
        onError = options?.onError;
        debug = !!options?.debugMode;
        if (!hasDom()) return report('no_dom', 'init: no window or document here (server-side rendering?); tracking is off', 'init');
        settings = resolveSettings(options, report, pluginsOf);
        if (!settings) return;
        // Loud, and in every mode: other SDKs' debug flag still stores, this one does not.
        if (settings.debugMode === 1) console.warn('[tracklet] debugMode 1: events are checked, NOT STORED (debugMode 2 stores)');
        const key = settings.cookieName + '_consent';
        // A decision made before init() is stored now; otherwise the stored one applies.
        if (consent === undefined) {
          const stored = readJson(key);
          if (stored === 0 || stored === 1) consent = !!stored;
        } else writeJson(key, +consent);
        start();
      } catch (error) {
        failed('init', error);
      }
    },
    getSuperProperties() {
      const read = core?.calls.getSuperProperties as (() => Record<string, unknown>) | undefined;
      if (core && !read) missing('superProperties', 'getSuperProperties');
      return read ? read() : {};
    },
    optIn: () => decide(true),
    optOut: () => decide(false),
    flush() {
      try {
        return core ? core.dispatcher.flush().catch(() => undefined) : Promise.resolve();
      } catch {
        return Promise.resolve();
      }
    },
    getDistinctId: () => readIdentity(core).distinctId,
    getAnonymousId: () => readIdentity(core).anonymousId,
    getLoginId: () => readIdentity(core).loginId,
    getIdentities: () => readIdentity(core).identities,
  } as Tracker;
  for (const method of Object.keys(calls)) (tracker as unknown as Record<string, unknown>)[method] = guard(method, calls[method]!);
  if (options) tracker.init(options);
  return tracker;
}
