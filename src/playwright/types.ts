import type { Page } from '@playwright/test';
import type { Payload } from '../types';
import type { WireForm } from './decode';
import type { UrlMatcher } from './url-match';

export type { Payload, PayloadType, Identities } from '../types';
export type { WireForm, UrlMatcher };

/** A payload of a track type (`track`, `track_signup`, `track_id_bind`, `track_id_unbind`): it has an `event`. */
export type TrackedEvent = Payload & { event: string };

/** The `analyticsOptions` of the fixture (`test.use({ analyticsOptions: { … } })`). */
export interface AnalyticsOptions {
  /**
   * The collector URL the site sends to: a URL (relative to `baseURL` if relative), a glob or
   * a RegExp; a pattern also matches the URL without its query string. Default: any request
   * that carries tracklet's wire format, whatever its URL (other requests go on untouched).
   */
  serverUrl?: UrlMatcher;
}

/** One request the fixture intercepted, answered or not. */
export interface CollectorRequest {
  method: string;
  url: string;
  /** The wire form it came in; absent when it could not be decoded (see `error`). */
  form?: WireForm;
  /** What it carried (duplicates included). */
  payloads: Payload[];
  /** The status it was answered with; 0 when it was dropped (offline). */
  status: number;
  /** Why it could not be decoded (it was answered 400, as a collector would). */
  error?: string;
  /**
   * `route`: caught by the context's routing. `page-hide`: a send made as a page was left or
   * closed, which Chromium lets past routing and the fixture catches at the browser level.
   */
  via: 'route' | 'page-hide';
  /** `Date.now()` when it arrived. */
  at: number;
}

/** How the fake collector misbehaves for a while (see `Analytics.fail`). */
export interface FailOptions {
  /** The status to answer (default 503). */
  status?: number;
  /** Only the next `times` requests. */
  times?: number;
  /** Only for this many milliseconds from now. */
  forMs?: number;
  /** A `Retry-After` header (seconds) on each failed answer. */
  retryAfter?: number;
}

/** Options of `Analytics.flush`. */
export interface FlushOptions {
  /** Give up after this many milliseconds (default 10,000): the promise rejects, naming what is left. */
  timeout?: number;
  /** The global the tracker is on (default `tracklet`, the script tag's); see `flush`. */
  tracker?: string;
  /** The tracker's queue name (default `tracklet_id`, its cookie name), for pages with no global tracker. */
  queue?: string;
}

/**
 * What the site sent to its collector during the test, as a collector saw it: every accepted
 * payload once (a re-sent `_track_id` counts once, as the reference collector de-duplicates),
 * in arrival order.
 */
export interface Analytics {
  /** Every accepted payload, in arrival order. */
  readonly payloads: readonly Payload[];
  /** The accepted payloads of track types (those with an `event`), in arrival order. */
  readonly events: readonly TrackedEvent[];
  /** The accepted profile payloads (`profile_set`, `profile_increment`, …), in arrival order. */
  readonly profiles: readonly Payload[];
  /** Payloads that arrived again with a `_track_id` already accepted (not in `payloads`). */
  readonly duplicates: readonly Payload[];
  /** Every intercepted request, including the ones answered with a fault. */
  readonly requests: readonly CollectorRequest[];
  /**
   * Makes `page` send what its tracker has queued, and resolves once the collector (this
   * fixture) has acknowledged it: calls `window.tracklet.flush()` where the page has it (the
   * script tag), else waits until the tracker's durable queue is empty (an npm build sends by
   * itself within its `flushInterval`).
   */
  flush(page: Page, options?: FlushOptions): Promise<void>;
  /** Forgets everything received so far (payloads, duplicates, requests); faults stay. */
  clear(): void;
  /** Answers `status` (default 503) for a while: the next `times` requests, `forMs`, or until `recover()`. */
  fail(options?: FailOptions): void;
  /**
   * Takes the browser context offline (`navigator.onLine` false, the `offline` event) and drops
   * every collector request unanswered, or back online with `false`.
   */
  setOffline(offline: boolean): Promise<void>;
  /** Holds each answer this many milliseconds, like a slow collector (0: answer at once). */
  delay(ms: number): void;
  /** Ends every fault: answers 200 at once, online. */
  recover(): Promise<void>;
  /** The payloads with what changes from run to run replaced, as text for `toMatchSnapshot` (see `stablePayloads`). */
  snapshot(options?: { types?: readonly string[] }): string;
}
