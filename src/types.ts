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
 * `prototype`, ...); of the
 * `$` keys only `$url`, `$title` and `$referrer`. At most 100 per call.
 */
export type Properties = Record<string, unknown>;

/** A super property: a value, or a function evaluated for each event (its name passed in). */
export type SuperPropertyValue = PropertyValue | ((event: string) => PropertyValue);

/**
 * Sees every payload just before it is queued. Return false or null to drop it, a payload to
 * send instead, or nothing to send the (possibly edited) argument. A throwing hook is reported
 * and the event is sent unchanged.
 */
export type BeforeSend = (payload: Payload) => Payload | false | null | undefined | void;

/** Why tracklet refused or changed something the caller passed. */
export interface TrackletError {
  /** A stable machine-readable code, e.g. `invalid_id`, `send_failed`. */
  code: string;
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
  /** 0 off (default); 1 log and ask the collector not to store; 2 log and store. */
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
  /** Automatic events (see `AutotrackOptions`); `false` turns them all off. */
  autotrack?: AutotrackOptions | false;
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
 */
export interface Tracker {
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
  identify(anonymousId: string): void;
  login(loginId: string): void;
  bind(key: string, value: string): void;
  unbind(key: string, value: string): void;
  logout(): void;
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
  flush(): Promise<void>;
  getDistinctId(): string;
  getAnonymousId(): string;
  getLoginId(): string;
  getIdentities(): Identities;
}
