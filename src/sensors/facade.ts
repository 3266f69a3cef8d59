import { cleanProperties } from '../events/clean-properties';
import { hasDom } from '../lib/browser';
import { createReport } from '../lib/report';
import { readJson } from '../lib/web-storage';
import { DEFAULT_COOKIE_NAME } from '../options';
import { buildTracker } from '../tracker';
import type { TrackerOptions } from '../types';
import { createAutotrackGate, type AutotrackGate } from './autotrack-gate';
import { carryOverSensorsVisitor } from './carry-over';
import { toFacadeSettings, type FacadeSettings } from './options';
import { presetProperties } from './preset-properties';
import { sensorsShape, sensorsSourceNames } from './sensors-shape';
import type { SensorsError, SensorsFacade, SensorsInitOptions } from './types';
import { createUnsupported, UNSUPPORTED } from './unsupported';

type Fn = (...args: unknown[]) => unknown;

// The caller's keys, never `__proto__`: assigned to a plain object it would set the prototype.
const ownKeys = (input: unknown) => Object.keys(input && typeof input === 'object' ? input : {}).filter((key) => key !== '__proto__');

/**
 * The Sensors web SDK's API on tracklet: the same calls (`init`, `quick('autoTrack')`,
 * `track`, `login`, profiles, `register`, ...), the same receiver, and the visitor carried over
 * from Sensors' cookie at the first `init()`. Calls Sensors has and the facade does not are
 * reported (console, and `onError`) and do nothing. No call throws.
 *
 * @example
 * const sensors = createSensorsFacade();
 * sensors.init({ server_url: 'https://sa.example.com/sa?project=default' });
 * sensors.quick('autoTrack');
 * sensors.login('user_42');
 */
export function createSensorsFacade(): SensorsFacade {
  let settings: FacadeSettings | undefined;
  let gate: AutotrackGate | undefined;
  let onError: ((error: SensorsError) => void) | undefined;
  let showLog = false;
  let autoTrack: [Record<string, unknown>, unknown] | undefined;
  let ready: unknown[] = [];
  const pageKeys = new Set<string>();
  const report = createReport({ debug: () => showLog, onError: () => onError as never });
  const tracker = buildTracker(() => (gate ? [gate.plugin] : []));
  const call = (fn: unknown) => {
    try {
      if (typeof fn === 'function') fn();
    } catch (error) {
      report('internal_error', 'a callback threw: ' + String(error));
    }
  };
  // Sensors' callbacks run once the request is done, or after callback_timeout at the latest.
  const after = (callback: unknown) => {
    if (typeof callback !== 'function') return;
    let done = false;
    const run = () => !done && ((done = true), call(callback));
    setTimeout(run, settings?.callbackTimeout ?? 200);
    void tracker.flush().then(run);
  };
  const clean = (input: unknown, where: string) => cleanProperties(input, { where, method: where, report, maxLength: settings?.options.maxStringLength ?? 1024 });
  const superProperties = (event: string) => cleanProperties(tracker.getSuperProperties(), { where: 'register', method: 'register', report, maxLength: settings?.options.maxStringLength ?? 1024, kind: 'any', event });
  const unsupported = createUnsupported(() => onError);
  const startPageviews = (props: Record<string, unknown>, callback: unknown, single?: boolean) => {
    if (!gate) return void (autoTrack = [props, callback]);
    if (single && autoTrack) gate.allowNextPageview(props);
    else gate.startPageviews(props);
    autoTrack = [props, callback];
    after(callback);
  };
  const quick: Record<string, Fn> = {
    autoTrack: (props, callback) => startPageviews(clean(props, "quick('autoTrack')"), callback),
    autoTrackSinglePage: (props, callback) => startPageviews(clean(props, "quick('autoTrackSinglePage')"), callback, true),
    isReady: (callback) => (settings ? call(callback) : ready.push(callback)),
    getAnonymousID: () => tracker.getAnonymousId(),
  };
  const userProps = () => {
    const props = tracker.getSuperProperties() as Record<string, unknown>;
    for (const key of Object.keys(props)) if (typeof props[key] === 'function') delete props[key];
    return props;
  };

  const methods: Record<string, Fn> = {
    init(para) {
      if (settings) return tracker.init(para as TrackerOptions);
      const given = (para && typeof para === 'object' ? para : {}) as SensorsInitOptions;
      facade.para = given;
      onError = given.onError;
      showLog = !!given.show_log;
      settings = toFacadeSettings(given, report, onError);
      gate = createAutotrackGate(settings, superProperties);
      settings.options.beforeSend = sensorsShape(superProperties);
      const carried = hasDom() && typeof settings.options.serverUrl === 'string' ? carryOverSensorsVisitor(DEFAULT_COOKIE_NAME, settings.options.cookieDomain, report) : undefined;
      tracker.init(settings.options);
      if (carried && Object.keys(carried.supers).length) tracker.registerSuperProperties(carried.supers as never);
      if (autoTrack) startPageviews(autoTrack[0], autoTrack[1]);
      for (const callback of ready.splice(0)) call(callback);
    },
    quick(name, ...args) {
      const fn = quick[name as string];
      if (fn) return fn(...args);
      unsupported('quick:' + String(name))();
    },
    track: (event, props, callback) => (tracker.track(event as string, props as never), after(callback)),
    login: (id, callback) => (tracker.login(id as string), after(callback)),
    // Sensors' logout(true) also starts a new anonymous ID.
    logout: (fresh) => (tracker.logout(), fresh === true && tracker.resetAnonymousIdentity()),
    identify: (id) => tracker.identify(id as string),
    bind: (key, value) => tracker.bind(key as string, value as string),
    unbind: (key, value) => tracker.unbind(key as string, value as string),
    resetAnonymousIdentity: (id) => tracker.resetAnonymousIdentity(id as string),
    setProfile: (props, callback) => (tracker.setProfile(props as never), after(callback)),
    setOnceProfile: (props, callback) => (tracker.setOnceProfile(props as never), after(callback)),
    // Sensors takes a bare key for "add 1".
    incrementProfile: (props, callback) => (tracker.incrementProfile((typeof props === 'string' ? { [props]: 1 } : props) as never), after(callback)),
    appendProfile: (props, callback) => (tracker.appendProfile(props as never), after(callback)),
    unsetProfile: (keys, callback) => (tracker.unsetProfile(keys as never), after(callback)),
    deleteProfile: (callback) => (tracker.deleteProfile(), after(callback)),
    register(props) {
      for (const key of ownKeys(props)) pageKeys.delete(key);
      tracker.registerSuperProperties(props as never);
    },
    registerOnce(props) {
      const known = tracker.getSuperProperties();
      const fresh: Record<string, unknown> = {};
      for (const key of ownKeys(props)) if (!(key in known)) fresh[key] = (props as Record<string, unknown>)[key];
      methods.register!(fresh);
    },
    // Page-level properties live for the page only: tracklet keeps function values in memory.
    registerPage(props) {
      const page: Record<string, unknown> = {};
      for (const key of ownKeys(props)) {
        const value = (props as Record<string, unknown>)[key];
        page[key] = typeof value === 'function' ? value : () => value;
        pageKeys.add(key);
      }
      tracker.registerSuperProperties(page as never);
    },
    clearAllRegister: () => Object.keys(userProps()).forEach((key) => !pageKeys.has(key) && tracker.unregisterSuperProperty(key)),
    clearPageRegister: () => pageKeys.forEach((key) => (tracker.unregisterSuperProperty(key), pageKeys.delete(key))),
    unRegister: (key) => tracker.unregisterSuperProperty(key as string),
    getPresetProperties: () => presetProperties(DEFAULT_COOKIE_NAME, { ...userProps(), _distinct_id: tracker.getDistinctId(), identities: tracker.getIdentities() }),
    getAnonymousID: () => tracker.getAnonymousId(),
    getDistinctId: () => tracker.getDistinctId(),
    flush: () => tracker.flush(),
  };

  const facade = { para: {} } as SensorsFacade;
  for (const name of Object.keys(methods)) {
    facade[name] = (...args: unknown[]) => {
      try {
        return methods[name]!(...args);
      } catch (error) {
        report('internal_error', name + ' failed: ' + String(error), name);
      }
    };
  }
  for (const name of Object.keys(UNSUPPORTED)) if (!name.includes(':')) facade[name] = unsupported(name);
  facade.store = {
    getDistinctId: () => tracker.getDistinctId(),
    getFirstId: () => (tracker.getLoginId() ? tracker.getAnonymousId() : ''),
    getAnonymousId: () => tracker.getAnonymousId(),
    getIdentities: () => tracker.getIdentities(),
    // Sensors keeps the latest touch beside the super properties, and returns both.
    getProps: () => ({ ...sensorsSourceNames(readJson<Record<string, unknown>>(DEFAULT_COOKIE_NAME + '_latest') ?? {}), ...userProps() }),
  };
  return facade;
}
