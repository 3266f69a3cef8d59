import { decodeRequest } from '../../../demo/collector/decode';
import { header, record } from '../wire-decode';
import type { SdkAdapter } from './types';

/** tracklet itself, from this repository's build, with its defaults. */
export const tracklet: SdkAdapter = {
  name: 'tracklet',
  packageName: 'tracklet',
  scriptFile: 'dist/tracklet.min.js',
  scriptNote: 'dist/tracklet.min.js, the IIFE a script tag loads (built by `npm run build` before the bench).',
  settings: (endpoint) => ({ serverUrl: endpoint + '/sa' }),
  initScript: (json) => `tracklet.init(${json});`,
  trackCall: 'tracklet.track(name, props)',
  decode(request) {
    // The reference collector's decoder: the wire format of DESIGN.md.
    const decoded = decodeRequest(request.method, request.url, header(request.headers, 'content-type') ?? '', request.body);
    return decoded.events.map((event) => {
      const e = record(event);
      return { name: String(e.event ?? e.type), id: e._track_id === undefined ? undefined : String(e._track_id), properties: record(e.properties) };
    });
  },
  okBody: () => '{}',
  notes: ['Defaults: batched fetch (keepalive) every flushInterval 1000 ms, batchSize 500 and batchBytes 60000 (gzipped body); the page-hide send when hidden; durable IndexedDB queue bounded by maxQueueSize 2000 (the 10,000-event runs drop the oldest, with a report).'],
};
