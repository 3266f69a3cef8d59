import { createCore, readIdentity, type Core } from './core';
import { newUuid } from './lib/ids';
import { createReport } from './lib/report';
import * as identityCalls from './identity/transitions';
import type { Tracker, TrackerOptions } from './types';

/** Calls made before `init()` are kept (up to this many) and replayed by it. */
const EARLY_CALLS_LIMIT = 500;

/**
 * Creates a tracker. With options it is initialized at once; without, call `init()` later —
 * calls made before then are replayed by `init()` with their original time. No method throws:
 * failures go to `onError` and, in debug mode, the console.
 *
 * @example
 * const shop = createTracker({ serverUrl: 'https://collect.example.com/sa', cookieName: 'tracklet_shop' });
 * shop.track('buy', { price: 5 });
 */
export function createTracker(options?: TrackerOptions, now: () => number = Date.now): Tracker {
  let core: Core | undefined;
  let onError: TrackerOptions['onError'];
  let debug = false;
  let replayTime: number | undefined;
  const early: (() => void)[] = [];
  const report = createReport({ debug: () => debug, onError: () => onError });
  const clock = () => replayTime ?? now();

  // Wraps a public method: never throws, and before init() records the call for replay.
  function guard<A extends unknown[]>(method: string, body: (core: Core, ...args: A) => void) {
    return (...args: A): void => {
      try {
        if (core) return body(core, ...args);
        if (early.length >= EARLY_CALLS_LIMIT) return report('not_initialized', method + ': init() was not called; call dropped', method);
        const time = now();
        early.push(() => {
          replayTime = time;
          body(core!, ...args);
        });
      } catch (error) {
        report('internal_error', method + ' failed: ' + String(error), method);
      } finally {
        replayTime = undefined;
      }
    };
  }

  const tracker: Tracker = {
    init(options) {
      try {
        if (core) return report('already_initialized', 'init: already initialized; the new options are ignored', 'init');
        onError = options?.onError;
        debug = !!options?.debugMode;
        core = createCore(options, report, clock);
        if (!core) return;
        for (const call of early.splice(0)) {
          try {
            call();
          } finally {
            replayTime = undefined;
          }
        }
      } catch (error) {
        report('internal_error', 'init failed: ' + String(error), 'init');
      }
    },
    track: guard('track', (core, event: string, properties?: unknown) => core.track(event, properties)),
    identify: guard('identify', (core, id: string) => core.applyIdentity('identify', identityCalls.identify(core.identity.get(), id))),
    login: guard('login', (core, id: string) => core.applyIdentity('login', identityCalls.login(core.identity.get(), id))),
    bind: guard('bind', (core, key: string, value: string) => core.applyIdentity('bind', identityCalls.bind(core.identity.get(), key, value))),
    unbind: guard('unbind', (core, key: string, value: string) => core.applyIdentity('unbind', identityCalls.unbind(core.identity.get(), key, value))),
    logout: guard('logout', (core) => core.applyIdentity('logout', identityCalls.logout(core.identity.get()))),
    resetAnonymousIdentity: guard('resetAnonymousIdentity', (core, id?: string) =>
      core.applyIdentity('resetAnonymousIdentity', identityCalls.resetAnonymousIdentity(core.identity.get(), id, newUuid())),
    ),
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
  };
  if (options) tracker.init(options);
  return tracker;
}
