import { asList, formOf, header, maybeGunzip, parseLooseJson, queryOf, record } from '../wire-decode';
import type { SdkAdapter } from './types';

/**
 * PostHog's web SDK. Its script-tag snippet loads `array.js` (the core; extensions such as
 * session recording or surveys are fetched later from the asset host), which defines
 * `window.posthog`.
 */
export const posthog: SdkAdapter = {
  name: 'posthog',
  packageName: 'posthog-js',
  scriptFile: 'node_modules/posthog-js/dist/array.js',
  scriptNote: 'dist/array.js, what the official snippet loads; extensions it would lazy-load are all off here.',
  settings: (endpoint) => ({
    api_host: endpoint,
    autocapture: false,
    capture_pageview: false,
    capture_pageleave: false,
    capture_performance: false,
    capture_heatmaps: false,
    capture_dead_clicks: false,
    capture_exceptions: false,
    rageclick: false,
    disable_session_recording: true,
    disable_surveys: true,
    disable_web_experiments: true,
    disable_external_dependency_loading: true,
    advanced_disable_flags: true,
    // The default client-side bucket (10/s, bursts of 100) drops the bench's bursts of 200 and
    // 1,000 events; raised so the bench measures delivery, not this limit.
    rate_limiting: { events_per_second: 100000, events_burst_limit: 1000000 },
  }),
  initScript: (json) => `posthog.init('phc_bench', ${json});`,
  trackCall: 'posthog.capture(name, props)',
  decode(request) {
    const query = queryOf(request.url);
    const compression = query.get('compression');
    let parsed: unknown;
    if (compression === 'base64') {
      parsed = parseLooseJson(formOf(request.body, 'form')?.get('data') ?? '');
    } else {
      const form = formOf(request.body, header(request.headers, 'content-type'));
      parsed = form?.has('data') ? parseLooseJson(form.get('data')!) : JSON.parse(maybeGunzip(request.body).toString('utf8'));
    }
    const list = asList(parsed).flatMap((item) => (Array.isArray(item.batch) ? asList(item.batch) : [item]));
    return list.map((e) => ({ name: String(e.event), id: e.uuid === undefined ? undefined : String(e.uuid), properties: record(e.properties) }));
  },
  okBody: () => '{"status":1}',
  notes: [
    'Batching is the default (request_batching true, flush every 3 s); persistence default localStorage+cookie; compression left to the SDK.',
    'Autocapture, pageview, pageleave, heatmaps, dead clicks, exceptions, rageclick, performance capture, session recording, surveys and web experiments off; advanced_disable_flags (no /flags or remote config request); disable_external_dependency_loading.',
    'rate_limiting raised to 100,000/s (burst 1,000,000): at its default (10/s, burst 100) PostHog drops events of a burst past the first 100 in the client.',
  ],
};
