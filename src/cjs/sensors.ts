import sensors, { createSensorsFacade } from '../sensors/index';

/**
 * The CommonJS face of `tracklet/sensors`, like `require('sa-sdk-javascript')`: the facade
 * itself, with `createSensorsFacade` and `default` on it.
 *
 * @example const sensors = require('tracklet/sensors'); sensors.init({ server_url: '/sa' });
 */
export default Object.assign(sensors, { createSensorsFacade, default: sensors });
