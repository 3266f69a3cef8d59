import { header, maybeGunzip, record } from '../wire-decode';
import type { SdkAdapter } from './types';

/**
 * Amplitude's Browser SDK 2. Its script-tag build is `lib/scripts/amplitude-min.umd.js`, which
 * defines `window.amplitude`.
 */
export const amplitude: SdkAdapter = {
  name: 'amplitude',
  packageName: '@amplitude/analytics-browser',
  scriptFile: 'node_modules/@amplitude/analytics-browser/lib/scripts/amplitude-min.umd.js',
  scriptNote: 'lib/scripts/amplitude-min.umd.js, the UMD build for script tags (global `amplitude`).',
  settings: (endpoint) => ({
    serverUrl: endpoint + '/2/httpapi',
    autocapture: false,
    fetchRemoteConfig: false,
    enableDiagnostics: false,
  }),
  initScript: (json) => `amplitude.init('bench_api_key', undefined, ${json});`,
  trackCall: 'amplitude.track(name, props)',
  decode(request) {
    // JSON {api_key, events: [...]}; gzipped when the SDK set Content-Encoding.
    const bytes = header(request.headers, 'content-encoding') === 'gzip' ? maybeGunzip(request.body) : request.body;
    const body = record(JSON.parse(bytes.toString('utf8')));
    const events = Array.isArray(body.events) ? body.events.map(record) : [];
    return events.map((e) => ({
      name: String(e.event_type),
      id: e.insert_id === undefined ? undefined : String(e.insert_id),
      properties: record(e.event_properties),
    }));
  },
  okBody: (events) => JSON.stringify({ code: 200, events_ingested: events, payload_size_bytes: 0, server_upload_time: Date.now() }),
  notes: [
    'Batching is the default (flushQueueSize 30, flushIntervalMillis 1000, flushMaxRetries 5, useBatch false), unsent events kept in localStorage.',
    'autocapture false (no sessions, pageviews, clicks, form or file tracking), fetchRemoteConfig false, enableDiagnostics false (it reports to Amplitude).',
  ],
};
