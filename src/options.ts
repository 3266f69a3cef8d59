import type { AutotrackSettings } from './autotrack/host';
import type { Plugin } from './autotrack/plugin';
import type { Feature } from './features/feature';
import type { Report } from './lib/report';
import type { AutotrackOptions, BeforeSend, SendType, TrackerOptions } from './types';

/** The numeric options and their defaults (ms, counts, body bytes, JSON characters); see TrackerOptions. */
const NUMBERS = {
  flushInterval: 1000,
  // Count rarely binds: batchBytes does, unless the events are small. Fewer, larger requests
  // mean fewer headers per event and a burst delivered in a few round trips.
  batchSize: 500,
  // Bytes of a request body: under the 64 KB that keepalive requests (and beacons) may carry
  // in flight, so that a request survives the page navigating away.
  batchBytes: 60_000,
  retryDelay: 1000,
  // Low, so that the events queued during an outage go out within about a second of its end
  // (docs/outage-recovery.md); a collector that wants fewer retries sends Retry-After.
  maxRetryDelay: 1800,
  maxQueueSize: 2000,
  maxQueueBytes: 2_000_000,
  maxEventAge: 7 * 864e5,
  resendAfter: 30_000,
};

/** Options after defaults and checks; what the rest of the tracker reads. */
export interface Settings extends Record<keyof typeof NUMBERS, number> {
  serverUrl: string;
  cookieName: string;
  cookieDomain: string | undefined;
  debugMode: 0 | 1 | 2;
  sendType: SendType;
  batchSend: boolean;
  gzip: boolean;
  maxStringLength: number;
  requireConsent: boolean;
  beforeSend: BeforeSend | undefined;
  sanitizeUrl: TrackerOptions['sanitizeUrl'];
  autotrack: AutotrackSettings;
  /** The built-in plugins and features and those passed in `plugins`, one of each name. */
  plugins: (Plugin | Feature)[];
  /** Milliseconds. */
  sessionTimeout: number;
}

export const DEFAULT_COOKIE_NAME = 'tracklet_id';

/**
 * Which plugins a tracker runs, from its `init()` options: each entry decides (the `tracklet`
 * entry and the script tag always run autotrack and every feature; `tracklet/core` runs the
 * ones passed).
 */
export type PluginsOf = (given: Partial<TrackerOptions>, report: Report) => (Plugin | Feature)[];

/**
 * Checks `init()` options and fills in defaults. A missing or unusable `serverUrl` is fatal
 * (returns undefined); any other bad option is reported and replaced by its default.
 *
 * @example resolveSettings({ serverUrl: '/collect' }, report)?.batchSize // 500
 */
export function resolveSettings(options: TrackerOptions | undefined, report: Report, pluginsOf: PluginsOf = () => []): Settings | undefined {
  const given = (options ?? {}) as Partial<TrackerOptions>;
  let serverUrl: string;
  try {
    const url = new URL(String(given.serverUrl ?? ''), location.href);
    if (typeof given.serverUrl !== 'string' || !given.serverUrl) throw new Error('missing');
    // Debug mode 1 asks the collector to validate without storing (Sensors' `debug=1` dry run).
    if (given.debugMode === 1) url.searchParams.set('debug', '1');
    serverUrl = url.href;
  } catch {
    report('invalid_option', 'init: serverUrl is required and must be a URL', 'init');
    return undefined;
  }
  const cookieName = given.cookieName ?? DEFAULT_COOKIE_NAME;
  const auto: AutotrackOptions = given.autotrack === false ? { pageview: false, pageLeave: false } : given.autotrack || {};
  const settings = {
    serverUrl,
    cookieName: checked(cookieName, /^tracklet[\w-]*$/.test(cookieName), DEFAULT_COOKIE_NAME, 'cookieName must begin with "tracklet"', report),
    cookieDomain: typeof given.cookieDomain === 'string' ? given.cookieDomain : undefined,
    debugMode: given.debugMode === 1 || given.debugMode === 2 ? given.debugMode : 0,
    sendType: given.sendType === 'ajax' || given.sendType === 'image' ? given.sendType : 'beacon',
    batchSend: given.batchSend !== false,
    gzip: given.gzip !== false,
    maxStringLength: Math.ceil(positive(given.maxStringLength, 255, 'maxStringLength', report)),
    requireConsent: given.requireConsent === true,
    beforeSend: typeof given.beforeSend === 'function' ? given.beforeSend : undefined,
    sanitizeUrl: typeof given.sanitizeUrl === 'function' ? given.sanitizeUrl : undefined,
    autotrack: {
      pageview: auto.pageview === 'hash' ? 'hash' : auto.pageview !== false,
      pageLeave: auto.pageLeave !== false,
      click: auto.click === true,
    },
    sessionTimeout: positive(given.sessionTimeout, 30, 'sessionTimeout', report) * 60_000,
    plugins: pluginsOf(given, report),
  } as Settings;
  for (const name of Object.keys(NUMBERS) as (keyof typeof NUMBERS)[]) settings[name] = positive(given[name], NUMBERS[name], name, report);
  return settings;
}

function positive(value: unknown, fallback: number, name: string, report: Report): number {
  if (value === undefined) return fallback;
  return checked(value as number, typeof value === 'number' && value > 0 && Number.isFinite(value), fallback, name + ' must be a positive number', report);
}

function checked<T>(value: T, ok: boolean, fallback: T, rule: string, report: Report): T {
  if (ok) return value;
  report('invalid_option', 'init: ' + rule + '; using the default', 'init');
  return fallback;
}
