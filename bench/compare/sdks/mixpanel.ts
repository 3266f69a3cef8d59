import { asList, formOf, header, parseLooseJson, queryOf, record } from '../wire-decode';
import type { SdkAdapter } from './types';

const TOKEN = 'bench_token';

/**
 * Mixpanel's browser SDK. `dist/mixpanel.min.js` is the build its CDN serves to the official
 * snippet; it reads the snippet's stub (`window.mixpanel` with `__SV` and the queued `_i` init
 * calls) and initializes from it while it executes.
 */
export const mixpanel: SdkAdapter = {
  name: 'mixpanel',
  packageName: 'mixpanel-browser',
  scriptFile: 'node_modules/mixpanel-browser/dist/mixpanel.min.js',
  scriptNote: 'dist/mixpanel.min.js, the snippet-loaded CDN build (the UMD build is 1.3 MB unminified).',
  settings: (endpoint) => ({
    api_host: endpoint,
    batch_requests: true,
    track_pageview: false,
    autocapture: false,
    record_sessions_percent: 0,
    flags: false,
  }),
  // A minimal stand-in for the snippet's stub: a call queue (an array, as the library expects)
  // with the snippet version and one queued init call.
  beforeScript: (settings) =>
    `window.mixpanel = []; mixpanel.people = []; mixpanel.__SV = 1.2; mixpanel._i = [[${JSON.stringify(TOKEN)}, ${JSON.stringify(settings)}, 'mixpanel']];`,
  initScript: () => '',
  trackCall: 'mixpanel.track(name, props)',
  decode(request) {
    const fields = request.method === 'GET' ? queryOf(request.url) : formOf(request.body, header(request.headers, 'content-type'));
    const value = fields?.get('data') ?? request.body.toString('utf8');
    return asList(parseLooseJson(value)).map((e) => {
      const properties = record(e.properties);
      return { name: String(e.event), id: properties.$insert_id === undefined ? undefined : String(properties.$insert_id), properties };
    });
  },
  // With verbose=1 (what the batcher asks for) the SDK reads {status, error}.
  okBody: () => '{"status":1,"error":null}',
  notes: [
    'Batching is the default (batch_requests true, batch_size 50, batch_flush_interval_ms 5000), queued in localStorage.',
    'track_pageview false, autocapture false, record_sessions_percent 0, flags false (all defaults, written out).',
  ],
};
