import { buildPayload } from './events/build-payload';
import { copyProperties, isEventName } from './events/check-event';
import { pagePresets } from './events/presets';
import { loadVisitFacts, type VisitFacts } from './events/visit-facts';
import { registrableDomain } from './identity/cookie-domain';
import { createCookieStore } from './identity/cookie-store';
import { createIdentity, type Identity } from './identity/create-identity';
import { distinctIdOf, identitiesOf } from './identity/identity-state';
import type { IdentityEvent, Transition } from './identity/transitions';
import { hasDom } from './lib/browser';
import { newTrackId, newUuid } from './lib/ids';
import { onPageHidden, onPageVisible } from './lib/lifecycle';
import { tabId } from './lib/tab-id';
import { createTabLock } from './lib/tab-lock';
import type { Report } from './lib/report';
import { resolveSettings, type Settings } from './options';
import { createQueueStore } from './queue/create-queue-store';
import { createDispatcher, type Dispatcher } from './transport/dispatcher';
import { createFetchSender } from './transport/fetch-sender';
import { createXhrSender } from './transport/xhr-sender';
import type { PayloadType, TrackerOptions } from './types';

/** What exists once `init()` succeeded: the parts, wired. */
export interface Core {
  settings: Settings;
  identity: Identity;
  dispatcher: Dispatcher;
  track(event: unknown, properties: unknown): void;
  applyIdentity(method: string, transition: Transition): void;
}

/**
 * The composition root (with tracker.ts, its public face): builds identity, presets and transport from the options and wires
 * them; nothing below imports it. Returns undefined when the options or the environment
 * (no DOM, as under server-side rendering) do not allow tracking.
 *
 * @example const core = createCore({ serverUrl: '/collect' }, report, Date.now);
 */
export function createCore(options: TrackerOptions, report: Report, now: () => number): Core | undefined {
  if (!hasDom()) {
    report('no_dom', 'init: no window or document here (server-side rendering?); tracking is off', 'init');
    return undefined;
  }
  const settings = resolveSettings(options, report);
  if (!settings) return undefined;
  const domain = settings.cookieDomain ?? registrableDomain(location.hostname);
  const identity = createIdentity(
    createCookieStore({ name: settings.cookieName, domain, secure: location.protocol === 'https:' }),
    newUuid,
  );
  const visit: VisitFacts = loadVisitFacts(settings.cookieName + '_visit', domain, new Date(now()));
  const tab = tabId(settings.cookieName);
  const dispatcher = createDispatcher(settings, {
    sender: typeof fetch === 'function' ? createFetchSender() : createXhrSender(),
    store: createQueueStore(settings.cookieName),
    lock: createTabLock(settings.cookieName, tab),
    tab,
    report,
  });
  let firstPageviewSent = false;

  const send = (type: PayloadType, event: string, properties: Record<string, unknown>, extra?: IdentityEvent) => {
    const time = now();
    const payload = buildPayload({
      identity: identity.get(),
      type,
      event,
      properties: Object.assign(pagePresets(visit, new Date(time)), properties),
      time,
      trackId: newTrackId(),
      ...(extra?.type === 'track_signup' ? { originalId: extra.originalId } : {}),
      ...(extra?.type === 'track_id_unbind' ? { identities: extra.identities } : {}),
    });
    if (settings.debugMode) console.log('[tracklet] ' + event, payload);
    dispatcher.enqueue(payload, type !== 'track');
  };

  onPageHidden(() => (settings.sendType === 'ajax' ? void dispatcher.flush() : dispatcher.sendOnHide()));
  onPageVisible(() => {
    identity.reload();
    void dispatcher.flush();
  });

  return {
    settings,
    identity,
    dispatcher,
    track(event, properties) {
      if (!isEventName(event)) {
        report('invalid_event', 'track: the event name ' + JSON.stringify(String(event)) + ' must start with a letter and hold only letters, digits and "_" (1-99 characters); the event was dropped', 'track');
        return;
      }
      const props = copyProperties(properties, report, event);
      if (event === '$pageview') {
        // True only on the first pageview of a browser tracklet has not seen before.
        props.$is_first_time = identity.isNew && !firstPageviewSent;
        firstPageviewSent = true;
      }
      send('track', event, props);
    },
    applyIdentity(method, transition) {
      const outcome = identity.apply(transition);
      if ('error' in outcome) return report('invalid_id', method + ': ' + outcome.error, method);
      const event = outcome.event;
      if (event) send(event.type, EVENT_NAMES[event.type], {}, event);
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
