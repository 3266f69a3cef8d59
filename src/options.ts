import type { Report } from './lib/report';
import type { SendType, TrackerOptions } from './types';

/** Options after defaults and checks; what the rest of the tracker reads. */
export interface Settings {
  serverUrl: string;
  cookieName: string;
  cookieDomain: string | undefined;
  debugMode: 0 | 1 | 2;
  sendType: SendType;
  batchSend: boolean;
  flushInterval: number;
  batchSize: number;
  batchBytes: number;
  gzip: boolean;
  retryDelay: number;
  maxRetryDelay: number;
  maxQueueSize: number;
  maxQueueBytes: number;
  maxEventAge: number;
  resendAfter: number;
}

export const DEFAULT_COOKIE_NAME = 'tracklet_id';

/**
 * Checks `init()` options and fills in defaults. A missing or unusable `serverUrl` is fatal
 * (returns undefined); any other bad option is reported and replaced by its default.
 *
 * @example resolveSettings({ serverUrl: '/collect' }, report)?.batchSize // 50
 */
export function resolveSettings(options: TrackerOptions | undefined, report: Report): Settings | undefined {
  const given = (options ?? {}) as Partial<TrackerOptions>;
  let serverUrl: string;
  try {
    serverUrl = new URL(String(given.serverUrl ?? ''), location.href).href;
    if (typeof given.serverUrl !== 'string' || !given.serverUrl) throw new Error('missing');
  } catch {
    report('invalid_option', 'init: serverUrl is required and must be a URL', 'init');
    return undefined;
  }
  const cookieName = given.cookieName ?? DEFAULT_COOKIE_NAME;
  return {
    serverUrl,
    cookieName: checked(cookieName, /^tracklet[\w-]*$/.test(cookieName), DEFAULT_COOKIE_NAME, 'cookieName must begin with "tracklet"', report),
    cookieDomain: typeof given.cookieDomain === 'string' ? given.cookieDomain : undefined,
    debugMode: given.debugMode === 1 || given.debugMode === 2 ? given.debugMode : 0,
    sendType: given.sendType === 'ajax' || given.sendType === 'image' ? given.sendType : 'beacon',
    batchSend: given.batchSend !== false,
    flushInterval: positive(given.flushInterval, 1000, 'flushInterval', report),
    batchSize: positive(given.batchSize, 50, 'batchSize', report),
    // Measured in bench/delivery: an event with the presets and 5 properties is ~650 JSON
    // characters, so 50 events fit 40000 and the uncompressed body (base64: x1.37) stays under
    // the 64 KB of keepalive.
    batchBytes: positive(given.batchBytes, 40_000, 'batchBytes', report),
    gzip: given.gzip !== false,
    retryDelay: positive(given.retryDelay, 1000, 'retryDelay', report),
    maxRetryDelay: positive(given.maxRetryDelay, 60_000, 'maxRetryDelay', report),
    maxQueueSize: positive(given.maxQueueSize, 2000, 'maxQueueSize', report),
    maxQueueBytes: positive(given.maxQueueBytes, 2_000_000, 'maxQueueBytes', report),
    maxEventAge: positive(given.maxEventAge, 7 * 864e5, 'maxEventAge', report),
    resendAfter: positive(given.resendAfter, 30_000, 'resendAfter', report),
  };
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
