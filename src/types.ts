/**
 * Public types of tracklet, in one place.
 */

/**
 * A property value tracklet sends: a string (cut to `maxStringLength`, default 255), a finite
 * number, a boolean, a Date (sent as `yyyy-MM-dd HH:mm:ss.SSS` local time) or a list of at most
 * 100 strings. Any other value (null, NaN, objects, ...) drops its property, with a report;
 * `undefined` drops it silently.
 */
export type PropertyValue = string | number | boolean | Date | string[];

/**
 * Event or profile properties. Keys: a letter, then letters, digits or `_`, at most 99
 * characters, not a reserved word (`time`, `event`, `distinct_id`, `id`, `type`, `constructor`,
 * `prototype`, ...); of the `$` keys only `$url`, `$title` and `$referrer`. At most 100 per
 * call. Values are `PropertyValue`s, so a nested object or `null` is a compile error under
 * strict TypeScript (at run time, from JavaScript, such a property is dropped and reported); an
 * `undefined` value is left out silently, so optional fields may be passed as they are.
 */
export type Properties = Record<string, PropertyValue | undefined>;

/** A super property: a value, or a function evaluated for each event (its name passed in). */
export type SuperPropertyValue = PropertyValue | ((event: string) => PropertyValue);

/**
 * Sees every payload just before it is queued. Return false or null to drop it, a payload to
 * send instead, or nothing to send the (possibly edited) argument. A throwing hook is reported
 * and the event is sent unchanged.
 */
export type BeforeSend = (payload: Payload) => Payload | false | null | undefined | void;

/**
 * The codes of `TrackletError`, stable across versions (a new code may be added in a minor
 * version; one is never renamed):
 * - `invalid_option`: an `init()` option is unusable (a bad `serverUrl` stops `init()`; any
 *   other bad option falls back to its default).
 * - `already_initialized`: `init()` called a second time; the new options are ignored.
 * - `no_dom`: no `window`/`document` (server-side rendering); tracking stays off.
 * - `not_initialized`: over 500 calls waited for `init()` or `optIn()`; later ones are dropped.
 * - `invalid_event`: a bad event name (`track`, `timeEvent`); the event is dropped.
 * - `invalid_property`: a bad property key or value; that property is dropped.
 * - `value_cut`: a string value was cut to `maxStringLength`, or a list to 100 items.
 * - `invalid_id`: a refused identity call (`login`, `identify`, `bind`, ...); state unchanged.
 * - `before_send_failed`: the `beforeSend` hook threw or returned something unusable.
 * - `send_failed`: a drain of the queue failed unexpectedly (storage error); the events stay
 *   queued. Failed requests are retried without a report.
 * - `events_dropped`: events left the queue unsent (over its bounds, or refused by the
 *   collector with a 4xx).
 * - `event_rejected`: the collector answered 2xx but listed an event as rejected, with its
 *   reason; that event is not sent again.
 * - `invalid_cookie`: a value in the stored identity (cookie) broke the ID rules; dropped, and
 *   the cookie rewritten.
 * - `cookie_too_large`: the identity cookie would pass 4 KB; written without the anonymous ID
 *   (then the login ID).
 * - `storage_unavailable`: neither IndexedDB nor localStorage works; events are kept in memory
 *   only.
 * - `missing_plugin`: with `tracklet/core`, a method whose plugin is not in `plugins` (e.g.
 *   `login` without `identity`); the call does nothing.
 * - `internal_error`: a bug in tracklet, caught before it reached the page.
 */
export type TrackletErrorCode =
  | 'invalid_option'
  | 'already_initialized'
  | 'no_dom'
  | 'not_initialized'
  | 'invalid_event'
  | 'invalid_property'
  | 'value_cut'
  | 'invalid_id'
  | 'before_send_failed'
  | 'send_failed'
  | 'events_dropped'
  | 'event_rejected'
  | 'invalid_cookie'
  | 'cookie_too_large'
  | 'storage_unavailable'
  | 'page_read_failed'
  | 'missing_plugin'
  | 'internal_error';

/** Why tracklet refused or changed something the caller passed. */
export interface TrackletError {
  /** A stable machine-readable code (see `TrackletErrorCode`), e.g. `invalid_id`, `send_failed`. */
  code: TrackletErrorCode;
  /** A sentence for humans that names the call, the value and the rule. */
  message: string;
  /** The public method that reported it, e.g. `login`. */
  method?: string;
}

/** How events leave the page. */
export type SendType = 'beacon' | 'ajax' | 'image';

/** Options of `init()`. Only `serverUrl` is required. */
export interface TrackerOptions {
  /** The collector's URL; events are POSTed there. */
  serverUrl: string;
  /** Name of the identity cookie; must begin with `tracklet`. Default `tracklet_id`. */
  cookieName?: string;
  /**
   * Domain of the identity cookie. Default: the registrable domain found by a probe cookie, so
   * that `a.example.com` and `b.example.com` share one user. Pass `''` for a host-only cookie.
   */
  cookieDomain?: string;
  /**
   * 0 off (default). 1: log every payload and problem to the console, and ask the collector to
   * validate without storing (`debug=1`): nothing is kept, and `init()` warns so in the console.
   * 2: log, and store as usual. (Other SDKs' `debug: true` is tracklet's 2.)
   */
  debugMode?: 0 | 1 | 2;
  /** Called with every error tracklet reports instead of throwing. */
  onError?: (error: TrackletError) => void;
  /**
   * How events leave. `beacon` (default): batches by `fetch` while the page is visible; when it
   * is hidden, what is queued goes at once, uncompressed, by `fetch` with `keepalive` (which
   * outlives the page as `sendBeacon` does, and brings the answer back if the page lives on).
   * `ajax`: the same batches, and on page hide an ordinary flush (events that miss the page's
   * end wait in the durable queue for the next page). `image`: one event per GET
   * `serverUrl?data=<base64 JSON>`, a POST when that URL would be too long.
   */
  sendType?: SendType;
  /** `false`: real-time mode, one request per event, sent at once. Default `true` (batches). */
  batchSend?: boolean;
  /** Milliseconds between a `track()` and the request that carries it. Default 1000. */
  flushInterval?: number;
  /** Maximum events per request (`batchBytes` bounds its body too). Default 500. */
  batchSize?: number;
  /** Longer string values are cut to this many characters (and reported). Default 255. */
  maxStringLength?: number;
  /**
   * When true, tracklet stores and sends nothing until `optIn()`: calls made before are held in
   * memory (up to 500) and sent on `optIn()`, or discarded on `optOut()`. The decision persists.
   */
  requireConsent?: boolean;
  /** Edits or drops (return false/null) each payload before it is queued. */
  beforeSend?: BeforeSend;
  /**
   * Rewrites every URL tracklet sends (`$url`, `$referrer`, `$url_path`, `$latest_referrer`,
   * `$element_target_url`, ...). Gets the URL without the secret parameters tracklet strips by
   * default (see the README) and the original; returns the URL to send (`''` sends none).
   *
   * @example sanitizeUrl: (url) => url.replace(/\/invite\/[^/?#]+/, '/invite/:code')
   */
  sanitizeUrl?: (url: string, original: string) => string;
  /**
   * Automatic events (see `AutotrackOptions`); `false` turns them all off. From `tracklet/core`
   * they need the autotrack plugin in `plugins`.
   */
  autotrack?: AutotrackOptions | false;
  /**
   * Optional parts added to a tracker from `tracklet/core`: `identity`, `profiles`,
   * `superProperties` and `timedEvents` from `tracklet/core`, `autotrack` from
   * `tracklet/autotrack`. The `tracklet` entry and the script tag have them all built in.
   */
  plugins?: TrackerPlugin[];
  /**
   * Minutes without an event after which the next event starts a new session (`$session_id`).
   * A session also ends at local midnight. Default 30.
   */
  sessionTimeout?: number;
  /**
   * Maximum bytes of a request body, as sent (after gzip, base64 and form encoding; a single
   * event larger than this still goes alone). Default 60000: under the 64 KB that `keepalive`
   * requests and beacons may carry, so a request survives the page navigating away.
   */
  batchBytes?: number;
  /** Gzip request bodies (`gzip=1`) where the browser has `CompressionStream`. Default `true`. */
  gzip?: boolean;
  /** First retry delay in ms; it doubles per failed attempt, with jitter. Default 1000. */
  retryDelay?: number;
  /**
   * Cap of the retry delay in ms (a `Retry-After` from the collector may exceed it). Default 1800:
   * a failing collector gets about one request a second per tab, and an outage's events arrive
   * within about a second of its end.
   */
  maxRetryDelay?: number;
  /** Most events kept queued; beyond it the oldest are dropped and reported. Default 2000. */
  maxQueueSize?: number;
  /** Most JSON characters kept queued; beyond it the oldest are dropped and reported. Default 2000000. */
  maxQueueBytes?: number;
  /** Queued events older than this (ms) are dropped and reported. Default 7 days. */
  maxEventAge?: number;
  /**
   * Milliseconds after which a queued event is sent again by any tab or page: one another tab
   * queued and has not delivered (closed, or failing), or one handed to the browser when a page
   * was hidden whose answer never came. The collector de-duplicates on `_track_id`.
   * Default 30000.
   */
  resendAfter?: number;
}

/**
 * An optional part of the tracker, passed in `init({ plugins })`. Only tracklet's own plugins
 * exist (`identity`, `profiles`, `superProperties`, `timedEvents` from `tracklet/core`,
 * `autotrack` from `tracklet/autotrack`); their inside is not a public API.
 */
export interface TrackerPlugin {
  readonly name: string;
}

/** Which events tracklet sends by itself. */
export interface AutotrackOptions {
  /**
   * `$pageview` at load, at every route change of a single-page app (History and Navigation
   * APIs) and at a back/forward-cache restore. `'hash'`: a change of the URL's hash alone is
   * a route change too (hash routing). Default true.
   */
  pageview?: boolean | 'hash';
  /**
   * `$WebPageLeave` once per page view, at `pagehide` or the next route change, with the
   * seconds the page was visible and the scroll depth reached. Default true.
   */
  pageLeave?: boolean;
  /**
   * `$WebClick` on links, buttons and elements marked `data-tracklet-click` (not inside
   * `data-tracklet-ignore`). Never reads form field values. Default false.
   */
  click?: boolean;
}

/** The IDs tracklet holds for the current user. */
export interface Identities {
  [identityKey: string]: string;
}

/** One event on the wire, as the collector receives it. */
export interface Payload {
  identities: Identities;
  distinct_id: string;
  lib: { $lib: string; $lib_method: string; $lib_version: string };
  properties: Record<string, unknown>;
  login_id?: string;
  anonymous_id?: string;
  original_id?: string;
  type: PayloadType;
  event?: string;
  time: number;
  _track_id: number;
  _flush_time?: number;
}

export type PayloadType =
  | 'track'
  | 'track_signup'
  | 'track_id_bind'
  | 'track_id_unbind'
  | 'profile_set'
  | 'profile_set_once'
  | 'profile_increment'
  | 'profile_append'
  | 'profile_unset'
  | 'profile_delete';

/**
 * The public API shared by the default instance and `createTracker()`. No method throws; what
 * is refused is reported to `onError` (and the console in debug mode). Calls made before
 * `init()` (or, with `requireConsent`, before `optIn()`) are held and replayed with their time.
 * From `tracklet/core`, the identity calls, profile calls, super properties and `timeEvent`
 * work once their plugin is passed in `init({ plugins })` (`identity`, `profiles`,
 * `superProperties`, `timedEvents`); without it they report `missing_plugin`.
 */
export interface Tracker {
  /**
   * Starts tracking with these options (`serverUrl` is required); the calls made before it are
   * replayed with their original time. A second `init()` is ignored (`already_initialized`).
   *
   * @example tracklet.init({ serverUrl: 'https://collect.example.com/sa' });
   */
  init(options: TrackerOptions): void;
  /**
   * Sends an event with the page presets, the super properties and `properties` (which win).
   * Names: a letter, then letters, digits or `_`, at most 99; of `$` names only `$pageview`,
   * `$WebClick`, `$WebPageLeave`. An invalid name drops the event.
   */
  track(event: string, properties?: Properties): void;
  /** Starts a timer: the next `track(event)` carries `event_duration` in seconds, hidden-tab time excluded. */
  timeEvent(event: string): void;
  /** `profile_set`: sets user properties, overwriting. */
  setProfile(properties: Properties): void;
  /** `profile_set_once`: sets user properties the user does not have yet. */
  setOnceProfile(properties: Properties): void;
  /** `profile_increment`: adds to numeric user properties; only finite numbers are accepted. */
  incrementProfile(properties: Record<string, number>): void;
  /** `profile_append`: adds strings to list user properties; a string is a list of one. */
  appendProfile(properties: Record<string, string | string[]>): void;
  /** `profile_unset`: removes user properties; sent as `{ key: true }`, Sensors' format. */
  unsetProfile(keyOrKeys: string | string[]): void;
  /** `profile_delete`: deletes the user's profile. */
  deleteProfile(): void;
  /**
   * Adds properties to every later `track` event (not profiles), persisted in localStorage
   * across reloads. A function value is called per event; functions are not persisted.
   */
  registerSuperProperties(properties: Record<string, SuperPropertyValue>): void;
  /** Removes one super property, in memory and in localStorage. */
  unregisterSuperProperty(key: string): void;
  /** Removes every super property. */
  clearSuperProperties(): void;
  /** A copy of the super properties; `{}` before `init()` or consent. A read-out: never held or replayed. */
  getSuperProperties(): Record<string, SuperPropertyValue>;
  /**
   * Replaces the anonymous ID (the cookie ID stays). While logged in, `distinct_id` stays the
   * login ID. Sends nothing.
   *
   * @example tracklet.identify('device-7f3a');
   */
  identify(anonymousId: string): void;
  /**
   * Sets the login ID, which becomes `distinct_id`, and sends `$SignUp` linking it to the
   * anonymous ID. The same ID again does nothing; another ID switches account (its bound IDs
   * are dropped). A number is taken as its decimal string.
   *
   * @example tracklet.login('user_42');
   */
  login(loginId: string): void;
  /**
   * Binds a business ID to the user (`bind('mobile', '555-0100')` or
   * `bind('$identity_mobile', ...)`) and sends `$BindID`; the pair already bound sends nothing.
   *
   * @example tracklet.bind('mobile', '555-0100');
   */
  bind(key: string, value: string): void;
  /**
   * Unbinds a business ID and sends `$UnbindID` (also for a pair this browser never bound: it
   * may have been bound elsewhere).
   *
   * @example tracklet.unbind('mobile', '555-0100');
   */
  unbind(key: string, value: string): void;
  /** Forgets the login ID and the bound IDs; the anonymous ID stays. Sends nothing. */
  logout(): void;
  /**
   * While logged out: a new cookie and anonymous ID (`anonymousId`, or a new UUID), dropping
   * the bound IDs. Refused while logged in (`invalid_id`): call `logout()` first.
   */
  resetAnonymousIdentity(anonymousId?: string): void;
  /**
   * For shared devices: logs out and starts a fresh anonymous user (new cookie ID), and clears
   * super properties and event timers so nothing of the last user carries over. Sends nothing.
   */
  reset(): void;
  /**
   * Stops all tracking and sending, and erases what tracklet stored (identity cookie, queue,
   * super properties, visit facts); only the decision itself is kept, so it survives reloads.
   */
  optOut(): void;
  /**
   * Records consent and starts (or resumes) tracking, sending the calls held until now. After
   * an `optOut()` it starts a new anonymous user: the old one was erased. Like `optOut()`, it
   * acts at once, even before `init()` (which then stores the decision).
   */
  optIn(): void;
  /**
   * Resolves once every event queued before the call has been answered by the collector (or
   * has failed its retries for now); never rejects. Resolves at once before `init()`.
   *
   * @example await tracklet.flush(); location.href = '/next';
   */
  flush(): Promise<void>;
  /** The ID events are filed under: the login ID when logged in, else the anonymous ID; `''` before `init()`. */
  getDistinctId(): string;
  /** The anonymous ID (a UUID unless `identify()` set one); `''` before `init()`. */
  getAnonymousId(): string;
  /** The login ID, `''` when logged out or before `init()`. */
  getLoginId(): string;
  /**
   * Every ID held for the user, as sent in `identities`: `$identity_cookie_id`,
   * `$identity_login_id`, the bound IDs and `$identity_anonymous_id`; `{}` before `init()`.
   */
  getIdentities(): Identities;
}
