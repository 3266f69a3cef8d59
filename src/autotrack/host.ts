/**
 * All autotrack may do to the tracker. It never touches the queue, transport or storage of
 * events: core implements this and owns everything behind it.
 */
export interface AutotrackHost {
  /**
   * Tracks a preset event; core adds presets, session and latest-touch properties. `time`
   * (default now): when it happened, e.g. a page view that began before its route settled.
   */
  track(event: string, properties: Record<string, unknown>, time?: number): void;
  /** Sends a `profile_set_once` payload (first-touch attribution). */
  setOnceProfile(properties: Record<string, unknown>): void;
  /** Replaces the latest-touch properties (`$latest_*`) sent with every later event. */
  setLatest(properties: Record<string, unknown>): void;
}

/** The `autotrack` init option after defaults (see `AutotrackOptions` in types.ts). */
export interface AutotrackSettings {
  pageview: boolean | 'hash';
  pageLeave: boolean;
  click: boolean;
}
