import { asList, formOf, header, parseLooseJson, queryOf, record } from '../wire-decode';
import type { SdkAdapter } from './types';

/**
 * Sensors Data's web SDK. Its documented script-tag setup loads `sensorsdata.min.js`, which
 * leaves the SDK on `window.sensorsDataAnalytic201505`.
 */
export const sensors: SdkAdapter = {
  name: 'sensors',
  packageName: 'sa-sdk-javascript',
  scriptFile: 'node_modules/sa-sdk-javascript/sensorsdata.min.js',
  scriptNote: 'sensorsdata.min.js at the package root, the file the Sensors docs put in a script tag.',
  settings: (endpoint) => ({
    server_url: endpoint + '/sa',
    // Batching: events go to localStorage and leave as one POST every send_interval (default 6 s).
    batch_send: true,
    // The send type of Sensors' generated install code; used past batch_send's storage limit.
    send_type: 'beacon',
    is_track_single_page: false,
    heatmap: { clickmap: 'not_collect', scroll_notice_map: 'not_collect' },
    show_log: false,
  }),
  // Automatic pageviews only start with sensors.quick('autoTrack'), which the bench never calls.
  initScript: (json) => `window.sensors = window.sensorsDataAnalytic201505; sensors.init(${json});`,
  trackCall: 'sensors.track(name, props)',
  decode(request) {
    // GET ?data= (image), POST data= (beacon) or data_list= (batch); gzip=1 means gzipped.
    const fields = request.method === 'GET' ? queryOf(request.url) : formOf(request.body, header(request.headers, 'content-type'));
    const value = fields?.get('data_list') ?? fields?.get('data');
    if (value == null) throw new Error('no data or data_list field');
    return asList(parseLooseJson(value)).map((e) => ({
      name: String(e.event ?? e.type),
      id: e._track_id === undefined ? undefined : String(e._track_id),
      properties: record(e.properties),
    }));
  },
  okBody: () => '{}',
  notes: [
    'batch_send: true (defaults: send_interval 6000 ms, datasend_timeout 6000 ms, storage_length 200); past 200 stored items an event leaves by send_type.',
    "send_type: 'beacon' as in the install code Sensors' docs generate (the default is 'image').",
    "Autotrack off: heatmap clickmap/scroll map 'not_collect', is_track_single_page false, and quick('autoTrack') never called.",
  ],
};
