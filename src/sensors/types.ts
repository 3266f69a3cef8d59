import type { Properties, TrackletError } from '../types';

/** Sensors' `init()` options the facade reads (others are reported or ignored; see the README). */
export interface SensorsInitOptions {
  /** The receiver; `…/sa` is sent to `…/sa.gif`, as the Sensors SDK does. */
  server_url: string | string[];
  /** Replaces `server_url` as it is (no `/sa.gif` rewrite). */
  custom_server_url?: string;
  /** `image` (GET `?data=`), `ajax` or `beacon`. Absent: tracklet's batched keepalive `fetch`. */
  send_type?: 'image' | 'ajax' | 'beacon';
  /** `false`: one request per event. An object's `send_interval` (ms) sets the batch interval. */
  batch_send?: boolean | { send_interval?: number; datasend_timeout?: number; storage_length?: number };
  /** Log every payload and problem to the console (tracklet's debugMode 2). */
  show_log?: boolean;
  /** Sensors' debug mode: the receiver checks events; with `debug_mode_upload` false none is kept. */
  debug_mode?: boolean;
  debug_mode_upload?: boolean;
  /** A `$pageview` at every route change of a single-page app. Default false. */
  is_track_single_page?: boolean;
  /** Longer strings are cut. Default 1024, as in Sensors. */
  max_string_length?: number;
  /** `false`: a host-only cookie instead of one on the registrable domain. */
  cross_subdomain?: boolean;
  use_client_time?: boolean;
  source_channel?: string[];
  /** `clickmap: 'default'` sends `$WebClick` on links and buttons (tracklet's autotrack clicks). */
  heatmap?: { clickmap?: string; scroll_notice_map?: string };
  /** Longest wait (ms) before a call's callback runs when delivery is slower. Default 200. */
  callback_timeout?: number;
  /** tracklet's addition: receives every problem and every unsupported call. */
  onError?: (error: SensorsError) => void;
  [other: string]: unknown;
}

/** What `onError` receives: tracklet's errors, and `unsupported` for a Sensors call the facade lacks. */
export type SensorsError = TrackletError | { code: 'unsupported'; message: string; method: string };

/** A Sensors callback, run once the call's events were delivered (or `callback_timeout` passed). */
export type Callback = () => void;

/** Sensors' `store` reads that sites use. */
export interface SensorsStore {
  getDistinctId(): string;
  /** The anonymous ID while logged in, '' otherwise (Sensors' `first_id`). */
  getFirstId(): string;
  getAnonymousId(): string;
  getIdentities(): Record<string, string>;
  /** The super properties (`register`), functions left out. */
  getProps(): Record<string, unknown>;
}

/** The `sensors` object: the Sensors web SDK's surface that sites use, on tracklet. */
export interface SensorsFacade {
  init(options: SensorsInitOptions): void;
  quick(name: string, ...args: unknown[]): unknown;
  track(event: string, properties?: Properties, callback?: Callback): void;
  login(loginId: string, callback?: Callback): void;
  logout(newAnonymousId?: boolean): void;
  identify(anonymousId: string, save?: boolean): void;
  bind(key: string, value: string): void;
  unbind(key: string, value: string): void;
  resetAnonymousIdentity(anonymousId?: string): void;
  setProfile(properties: Properties, callback?: Callback): void;
  setOnceProfile(properties: Properties, callback?: Callback): void;
  incrementProfile(properties: Record<string, number> | string, callback?: Callback): void;
  appendProfile(properties: Record<string, string | string[]>, callback?: Callback): void;
  unsetProfile(keys: string | string[], callback?: Callback): void;
  deleteProfile(callback?: Callback): void;
  register(properties: Properties): void;
  registerPage(properties: Record<string, unknown>): void;
  clearAllRegister(): void;
  unRegister(key: string): void;
  getPresetProperties(): Record<string, unknown>;
  getAnonymousID(): string;
  getDistinctId(): string;
  store: SensorsStore;
  /** The init options as given (Sensors' `para`). */
  para: Partial<SensorsInitOptions>;
  /** Resolves once the events tracked so far were delivered (tracklet's `flush`). */
  flush(): Promise<void>;
  [unsupported: string]: unknown;
}
