import type { AutotrackHost } from './autotrack/host';
import { runBeforeSend } from './events/before-send';
import { buildPayload } from './events/build-payload';
import { cleanProperties, type ValueKind } from './events/clean-properties';
import { createUrlCleaner } from './events/clean-url';
import { cutStrings } from './events/cut-strings';
import { pagePresets } from './events/presets';
import { keysAsProperties, PROFILE_CALLS, type ProfileMethod } from './events/profile';
import { createSession } from './events/session';
import { createSuperProperties, type SuperProperties } from './events/super-properties';
import { createTimedEvents, type TimedEvents } from './events/timed-events';
import { nameProblem, quote } from './events/validate-name';
import { loadVisitFacts } from './events/visit-facts';
import { registrableDomain } from './identity/cookie-domain';
import { createCookieStore } from './identity/cookie-store';
import { createIdentity, type Identity } from './identity/create-identity';
import { distinctIdOf, freshState, identitiesOf } from './identity/identity-state';
import type { IdentityEvent, Transition } from './identity/transitions';
import { createHiddenClock } from './lib/hidden-time';
import { newTrackId, newUuid } from './lib/ids';
import { onPageHidden, onPageVisible } from './lib/lifecycle';
import { tabId } from './lib/tab-id';
import { createTabLock } from './lib/tab-lock';
import type { Report } from './lib/report';
import { createSafeRead } from './lib/safe-read';
import { readJson, removeItem, writeJson } from './lib/web-storage';
import type { Settings } from './options';
import { createQueueStore } from './queue/create-queue-store';
import { createDispatcher, type Dispatcher } from './transport/dispatcher';
import { createFetchSender } from './transport/fetch-sender';
import { createXhrSender } from './transport/xhr-sender';
import type { PayloadType } from './types';

/** What exists once `init()` succeeded and consent allows tracking: the parts, wired. */
export interface Core {
  identity: Identity;
  dispatcher: Dispatcher;
  supers: SuperProperties;
  timers: TimedEvents;
  track(event: unknown, properties: unknown): void;
  profile(method: ProfileMethod, properties: unknown): void;
  registerSupers(properties: unknown): void;
  applyIdentity(method: string, transition: Transition): void;
  /** A fresh anonymous user, without the last user's super properties and timers. */
  reset(): void;
  /** Consent withdrawn: forgets the queue and everything stored, and stops for good. */
  erase(): void;
}

/**
 * The composition root (with tracker.ts, its public face): builds identity, presets, super
 * properties, sessions, transport and the plugins (autotrack) from the settings and wires the
 * track pipeline (validate, add presets and super properties, build, `beforeSend`, queue). Nothing below
 * imports it. Every browser storage is touched from here on, so tracker.ts calls it only once
 * consent allows.
 *
 * @example const core = createCore(resolveSettings({ serverUrl: '/collect' }, report)!, report, Date.now);
 */
export function createCore(settings: Settings, report: Report, now: () => number): Core {
  const { cookieName, debugMode } = settings;
  const domain = settings.cookieDomain ?? registrableDomain(location.hostname);
  const cookie = createCookieStore({ name: cookieName, domain, report });
  const identity = createIdentity(cookie, newUuid);
  const visit = loadVisitFacts(cookieName + '_visit', new Date(now()));
  const supers = createSuperProperties(cookieName + '_super', report);
  const timers = createTimedEvents(now, createHiddenClock(now));
  const session = createSession(cookieName + '_session', settings.sessionTimeout, newUuid);
  const tab = tabId(cookieName);
  const dispatcher = createDispatcher(settings, {
    sender: typeof fetch === 'function' ? createFetchSender() : createXhrSender(),
    store: createQueueStore(cookieName, report),
    lock: createTabLock(cookieName, tab),
    tab,
    report,
  });
  const clean = (input: unknown, where: string, method: string, kind?: ValueKind, event?: string) =>
    cleanProperties(input, { where, method, report, maxLength: settings.maxStringLength, kind, event });
  const log = (...args: unknown[]) => debugMode && console.log('[tracklet]', ...args);
  const page = { read: createSafeRead(report), cleanUrl: createUrlCleaner(settings.sanitizeUrl, report) };
  // Latest-touch attribution ($latest_*), set by autotrack at landing; kept in localStorage
  // beside the super properties (never in the cookie), apart from them so that
  // clearSuperProperties() does not erase where the user came from.
  const latestKey = cookieName + '_latest';
  let latest = readJson<Record<string, unknown>>(latestKey) || {};
  let firstPageviewSent = false;
  // Set by erase(): listeners of a core dropped after optOut() stay attached, and must not send.
  let stopped = false;

  // Events (type track*) carry the page presets, latest touch and session; profile updates
  // only the caller's properties.
  const send = (type: PayloadType, event: string | undefined, properties: Record<string, unknown>, extra?: IdentityEvent, at?: number) => {
    if (stopped) return;
    const time = at ?? now();
    const isEvent = /^track/.test(type);
    const built = buildPayload({
      identity: identity.get(),
      type,
      event,
      // A page leave may come long after the last event (a tab left open overnight): it belongs
      // to its page view's session, so it neither starts nor extends one.
      properties: isEvent
        ? cutStrings(Object.assign(pagePresets(visit, new Date(time), page), latest, { $session_id: session.id(time, event === '$WebPageLeave') }, properties), settings.maxStringLength)
        : properties,
      time,
      trackId: newTrackId(),
      ...(extra?.type === 'track_signup' ? { originalId: extra.originalId } : {}),
      ...(extra?.type === 'track_id_unbind' ? { identities: extra.identities } : {}),
    });
    const payload = settings.beforeSend ? runBeforeSend(settings.beforeSend, built, report) : built;
    if (!payload) return log((event ?? type) + ' dropped by beforeSend');
    log(event ?? type, payload);
    // Identity events go at once: later events of the user are filed under their IDs.
    dispatcher.enqueue(payload, isEvent && type !== 'track');
  };

  const emit = (name: string, props: Record<string, unknown>, at?: number) => {
    if (name === '$pageview') {
      // True only on the first pageview of a browser tracklet has not seen before.
      props.$is_first_time = identity.isNew && !firstPageviewSent;
      firstPageviewSent = true;
    }
    send('track', name, props, undefined, at);
  };
  const host: AutotrackHost = {
    track: emit,
    setOnceProfile: (properties) => send('profile_set_once', undefined, cutStrings(properties, settings.maxStringLength)),
    setLatest(properties) {
      latest = properties;
      writeJson(latestKey, properties);
    },
  };
  const context = { siteDomain: domain || registrableDomain(location.hostname), firstVisit: identity.isNew, now, report, ...page };
  const plugins = settings.plugins.map((plugin) => plugin.start(settings.autotrack, host, context));

  onPageHidden((event) => {
    if (stopped) return;
    // Autotrack first: its $WebPageLeave must be queued before the queue is sent away.
    for (const plugin of plugins) plugin.onHide(event);
    session.save();
    if (settings.sendType === 'ajax') void dispatcher.flush();
    else dispatcher.sendOnHide();
  });
  onPageVisible(() => {
    identity.reload();
    void dispatcher.flush();
  });

  return {
    identity,
    dispatcher,
    supers,
    timers,
    track(event, properties) {
      const where = 'track(' + quote(event) + ')';
      const problem = nameProblem(event);
      if (problem) return report('invalid_event', where + ': the event name ' + problem + '; event dropped', 'track');
      const name = event as string;
      const props = Object.assign(clean(supers.get(), where, 'track', 'any', name), clean(properties, where, 'track'));
      const duration = timers.stop(name);
      if (duration !== undefined) props.event_duration = duration;
      emit(name, props);
    },
    profile(method, input) {
      const [type, kind] = PROFILE_CALLS[method];
      if (type === 'profile_delete') return send(type, undefined, {});
      const props = clean(type === 'profile_unset' ? keysAsProperties(input) : input, method, method, kind);
      if (!Object.keys(props).length) return report('invalid_property', method + ': no valid property; not sent', method);
      send(type, undefined, props);
    },
    registerSupers(input) {
      const where = 'registerSuperProperties';
      // Cleaned twice: the caller's input, then the merged set for the 100-property limit.
      supers.set(clean({ ...supers.get(), ...clean(input, where, where, 'fn') }, where, where, 'fn'));
    },
    applyIdentity(method, transition) {
      const outcome = identity.apply(transition);
      if ('error' in outcome) return report('invalid_id', method + ': ' + outcome.error, method);
      const event = outcome.event;
      if (event) send(event.type, EVENT_NAMES[event.type], {}, event);
    },
    reset() {
      identity.apply({ state: freshState(newUuid()) });
      supers.clear();
      timers.clear();
    },
    erase() {
      stopped = true;
      void dispatcher.clear();
      cookie.clear();
      for (const suffix of ['_visit', '_latest', '_session']) removeItem(cookieName + suffix);
      supers.clear();
      timers.clear();
    },
  };
}

const EVENT_NAMES = { track_signup: '$SignUp', track_id_bind: '$BindID', track_id_unbind: '$UnbindID' } as const;

/** Read-outs of the identity, '' / {} before `init()`. */
export function readIdentity(core: Core | undefined) {
  const state = core?.identity.get();
  return {
    distinctId: state ? distinctIdOf(state) : '',
    anonymousId: state?.anonymousId ?? '',
    loginId: state?.loginId ?? '',
    identities: state ? identitiesOf(state) : {},
  };
}
