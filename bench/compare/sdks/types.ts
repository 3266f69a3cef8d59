/** One request as the bench collector received it, before decoding. */
export interface WireRequest {
  method: string;
  /** Path and query, e.g. `/c/mixpanel/r7/track/?verbose=1`. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** An event as one SDK puts it on the wire, reduced to what the bench counts. */
export interface SeenEvent {
  name: string;
  /** The SDK's own dedupe key (`_track_id`, `$insert_id`, `uuid`, `insert_id`). */
  id: string | undefined;
  properties: Record<string, unknown>;
}

/**
 * Everything the bench knows about one SDK: which published file a script-tag user loads, how
 * it is configured, how a page calls it, and how to read its wire format. The SDK itself stays
 * a black box: only its public API is called.
 */
export interface SdkAdapter {
  name: SdkName;
  /** The npm package the script-tag file comes from. */
  packageName: string;
  /** The script-tag file, relative to the repository root. */
  scriptFile: string;
  /** Why this file: what a script-tag user of this SDK loads. */
  scriptNote: string;
  /** The init settings, as data (written to the results, and into the page as JSON). */
  settings(endpoint: string): Record<string, unknown>;
  /** Plain JS run before the script tag (Mixpanel's CDN build reads a stub left by its snippet). */
  beforeScript?(settings: Record<string, unknown>): string;
  /** Plain JS after the script tag that initializes the SDK from `settings` (a JSON literal). */
  initScript(settingsJson: string): string;
  /** Plain JS expression tracking event `name` with `props`. */
  trackCall: string;
  /** Events carried by one request (throws on a body it cannot read). */
  decode(request: WireRequest): SeenEvent[];
  /** The body of a 2xx answer the SDK takes as success. */
  okBody(events: number): string;
  /** Settings that differ from the SDK's defaults, and why (for the README and results). */
  notes: string[];
}

export type SdkName = 'tracklet' | 'sensors' | 'mixpanel' | 'posthog' | 'amplitude';
