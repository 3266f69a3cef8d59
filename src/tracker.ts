import { createCore, readIdentity, type Core } from './core';
import { PROFILE_CALLS, type ProfileMethod } from './events/profile';
import { nameProblem, quote } from './events/validate-name';
import { hasDom } from './lib/browser';
import { newUuid } from './lib/ids';
import { createReport, errorText } from './lib/report';
import { readJson, writeJson } from './lib/web-storage';
import * as identityCalls from './identity/transitions';
import { resolveSettings, type PluginsOf, type Settings } from './options';
import type { Tracker, TrackerOptions } from './types';

/** Calls made before `init()` (or before consent) are kept, up to this many, and replayed. */
const EARLY_CALLS_LIMIT = 500;

/**
 * Creates a tracker that runs the plugins `pluginsOf` picks (each entry's `createTracker`
 * passes its own; the script-tag entry also passes the clock its loader replay needs). With
 * options it is initialized at once; without, call `init()` later —
 * calls made before then are replayed by `init()` with their original time. No method throws:
 * failures go to `onError` and, in debug mode, the console.
 *
 * Consent: the decision (`optIn`/`optOut`) is kept in localStorage beside the instance's other
 * keys. Until tracking may start (no `init()` yet, or `requireConsent` without `optIn()`) no
 * cookie or storage is written and calls are held in memory; after `optOut()` they are dropped.
 *
 * @example
 * const shop = buildTracker(() => [autotrack], { serverUrl: 'https://collect.example.com/sa', cookieName: 'tracklet_shop' });
 * shop.track('buy', { price: 5 });
 */
export function buildTracker(pluginsOf: PluginsOf, options?: TrackerOptions, now: () => number = Date.now): Tracker {
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

  // The methods that need a core; each is wrapped by guard() under its own name.
  const calls: Record<string, (core: Core, ...args: unknown[]) => void> = {
    track: (core, event, properties) => core.track(event, properties),
    timeEvent(core, event) {
      const problem = nameProblem(event);
      if (problem || !core.timers.start(event as string)) {
        report('invalid_event', 'timeEvent(' + quote(event) + '): ' + (problem ? 'the event name ' + problem : 'over 100 timers running') + '; not timed', 'timeEvent');
      }
    },
    registerSuperProperties: (core, properties) => core.registerSupers(properties),
    unregisterSuperProperty: (core, key) => core.supers.unregister(key as string),
    clearSuperProperties: (core) => core.supers.clear(),
    identify: (core, id) => core.applyIdentity('identify', identityCalls.identify(core.identity.get(), id)),
    login: (core, id) => core.applyIdentity('login', identityCalls.login(core.identity.get(), id)),
    bind: (core, key, value) => core.applyIdentity('bind', identityCalls.bind(core.identity.get(), key, value)),
    unbind: (core, key, value) => core.applyIdentity('unbind', identityCalls.unbind(core.identity.get(), key, value)),
    logout: (core) => core.applyIdentity('logout', identityCalls.logout(core.identity.get())),
    resetAnonymousIdentity: (core, id) =>
      core.applyIdentity('resetAnonymousIdentity', identityCalls.resetAnonymousIdentity(core.identity.get(), id, newUuid())),
    reset: (core) => core.reset(),
  };
  for (const method of Object.keys(PROFILE_CALLS) as ProfileMethod[]) calls[method] = (core, properties) => core.profile(method, properties);

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
    getSuperProperties: () => (core ? core.supers.get() : {}),
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
