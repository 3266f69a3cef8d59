import { createSensorsFacade } from './facade';
import type { SensorsFacade } from './types';

/**
 * `tracklet/sensors`: the Sensors web SDK's API (what `import sensors from
 * 'sa-sdk-javascript'` gives) on tracklet. Replace the import; the calls stay. Importing it
 * touches no browser API.
 *
 * @example
 * import sensors from 'tracklet/sensors';
 * sensors.init({ server_url: 'https://sa.example.com/sa?project=default', is_track_single_page: true });
 * sensors.quick('autoTrack');
 * sensors.track('buy', { price: 12 });
 */
const sensors: SensorsFacade = /* @__PURE__ */ createSensorsFacade();

export default sensors;
export { createSensorsFacade };
export type { Callback, SensorsError, SensorsFacade, SensorsInitOptions, SensorsStore } from './types';
