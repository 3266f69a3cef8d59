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
  /** Maximum events per request. Default 50. */
  batchSize?: number;
  /**
   * Maximum JSON characters per request (before gzip). Default 40000: even uncompressed, the
   * body stays under the 64 KB that `keepalive` requests may carry.
   */
  batchBytes?: number;
  /** Gzip request bodies (`gzip=1`) where the browser has `CompressionStream`. Default `true`. */
  gzip?: boolean;
  /** First retry delay in ms; it doubles per failed attempt, with jitter. Default 1000. */
  retryDelay?: number;
  /** Cap of the retry delay in ms (a `Retry-After` from the collector may exceed it). Default 60000. */
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
