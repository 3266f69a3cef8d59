/**
 * Public types of tracklet, in one place.
 */

/** A property value accepted by `track()` and the profile calls. */
export type PropertyValue = string | number | boolean | Date | string[] | null;

/** Event or profile properties. */
export type Properties = Record<string, unknown>;

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
export type SendType = 'beacon' | 'ajax';

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
  /** `beacon` (default): fetch while visible, `sendBeacon` when the page is hidden. */
  sendType?: SendType;
  /** Milliseconds between a `track()` and the request that carries it. Default 1000. */
  flushInterval?: number;
  /** Maximum events per request. Default 50. */
  batchSize?: number;
  /** Automatic events (see `AutotrackOptions`); `false` turns them all off. */
  autotrack?: AutotrackOptions | false;
  /**
   * Minutes without an event after which the next event starts a new session (`$session_id`).
   * A session also ends at local midnight. Default 30.
   */
  sessionTimeout?: number;
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

/** The public API shared by the default instance and `createTracker()`. */
export interface Tracker {
  init(options: TrackerOptions): void;
  track(event: string, properties?: Properties): void;
  identify(anonymousId: string): void;
  login(loginId: string): void;
  bind(key: string, value: string): void;
  unbind(key: string, value: string): void;
  logout(): void;
  resetAnonymousIdentity(anonymousId?: string): void;
  flush(): Promise<void>;
  getDistinctId(): string;
  getAnonymousId(): string;
  getLoginId(): string;
  getIdentities(): Identities;
}
