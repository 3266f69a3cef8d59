import tracklet, { createTracker, identity, profiles, superProperties, timedEvents } from '../core-entry';

/**
 * The CommonJS face of `tracklet/core`: the lean default tracker, with `createTracker`,
 * `default` and the plugins on it.
 *
 * @example const tracklet = require('tracklet/core'); tracklet.init({ serverUrl: '/sa' });
 */
export default Object.assign(tracklet, { createTracker, default: tracklet, identity, profiles, superProperties, timedEvents });
