import type { Report } from '../lib/report';
import type { TrackerOptions } from '../types';
import type { SensorsError, SensorsInitOptions } from './types';

/** What the facade itself needs of the init options, beside tracklet's own. */
export interface FacadeSettings {
  options: TrackerOptions;
  /** `is_track_single_page`: a `$pageview` at every route change, not only at landing. */
  singlePage: boolean;
  /** `heatmap.clickmap` other than 'not_collect': `$WebClick` on links and buttons. */
  clicks: boolean;
  /** `callback_timeout`: the longest a call's callback waits for delivery (ms). */
  callbackTimeout: number;
}

/**
 * Init options that are accepted and have nothing to do here, each with why (reported once,
 * in the console with `show_log`, so a migration sees that they were read).
 */
const WITHOUT_EFFECT: Record<string, string> = {
  use_client_time: 'every event carries the client time and _flush_time; the receiver decides',
  sdk_url: 'the loader snippet reads it, not the SDK',
  heatmap_url: 'no heatmap viewer is loaded',
  name: 'the loader snippet reads it, not the SDK',
  datasend_timeout: 'tracklet retries with backoff instead of a per-request timeout',
  preset_properties: 'the preset properties are fixed (see the README)',
  app_js_bridge: 'no bridge to a native app',
  is_track_device_id: '$device_id is not sent; $identity_cookie_id identifies the browser',
};

/**
 * Maps Sensors' `init()` options onto tracklet's. `server_url` ending in `/sa` is sent to
 * `/sa.gif` as the Sensors SDK does (a query string is kept), and `custom_server_url`
 * replaces it as is. An absent `send_type` or `batch_send` keeps tracklet's defaults (batched
 * `fetch`, keepalive on page hide, the durable queue) rather than Sensors' (one image request
 * per event): they are what make delivery survive leaving the page.
 *
 * @example toFacadeSettings({ server_url: 'https://sa.example.com/sa?project=p' }, report).options.serverUrl
 * // 'https://sa.example.com/sa.gif?project=p'
 */
export function toFacadeSettings(para: SensorsInitOptions, report: Report, onError?: (error: SensorsError) => void): FacadeSettings {
  const given = (para && typeof para === 'object' ? para : {}) as SensorsInitOptions;
  let serverUrl = given.server_url as unknown;
  if (Array.isArray(serverUrl)) {
    report('invalid_option', 'init: server_url lists several servers; only the first is sent to', 'init');
    serverUrl = serverUrl[0];
  }
  if (typeof serverUrl === 'string' && !/sa\.gif[^/]*$/.test(serverUrl)) serverUrl = serverUrl.replace(/\/sa$/, '/sa.gif').replace(/(\/sa)(\?[^/]+)$/, '/sa.gif$2');
  if (typeof given.custom_server_url === 'string' && given.custom_server_url) serverUrl = given.custom_server_url;
  const batch = given.batch_send;
  const options: TrackerOptions = {
    serverUrl: serverUrl as string,
    // Sensors' default: strings up to 1024 characters (tracklet's own default is 255).
    maxStringLength: typeof given.max_string_length === 'number' ? given.max_string_length : 1024,
    // 'hash': a hash router's route changes are routes too, as Sensors' single-page tracking counts them.
    autotrack: { pageview: 'hash', pageLeave: false, click: false },
  };
  if (given.show_log) options.debugMode = 2;
  // Sensors' debug mode checks events at the receiver; with debug_mode_upload false it keeps none.
  if (given.debug_mode) options.debugMode = given.debug_mode_upload ? 2 : 1;
  if (given.send_type === 'image' || given.send_type === 'ajax' || given.send_type === 'beacon') options.sendType = given.send_type;
  if (batch === false) options.batchSend = false;
  if (batch && typeof batch === 'object' && typeof batch.send_interval === 'number' && batch.send_interval > 0) options.flushInterval = batch.send_interval;
  if (given.cross_subdomain === false) options.cookieDomain = '';
  if (typeof onError === 'function') options.onError = onError;
  for (const key of Object.keys(WITHOUT_EFFECT)) {
    if (key in given && given.show_log) console.log('[tracklet] init: ' + key + ' has no effect: ' + WITHOUT_EFFECT[key]);
  }
  if (Array.isArray(given.source_channel) && given.source_channel.length) {
    report('invalid_option', 'init: source_channel is not supported (only utm_* parameters are read); ignored', 'init');
  }
  const clickmap = given.heatmap && typeof given.heatmap === 'object' ? given.heatmap.clickmap : 'not_collect';
  return {
    options,
    singlePage: !!given.is_track_single_page,
    clicks: clickmap !== 'not_collect',
    callbackTimeout: typeof given.callback_timeout === 'number' ? given.callback_timeout : 200,
  };
}
