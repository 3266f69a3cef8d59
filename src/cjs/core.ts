import tracklet, { createTracker } from '../core-entry';

/**
 * The CommonJS face of `tracklet/core`: the default tracker without autotrack, with
 * `createTracker` and `default` on it.
 *
 * @example const tracklet = require('tracklet/core'); tracklet.init({ serverUrl: '/sa' });
 */
export default Object.assign(tracklet, { createTracker, default: tracklet });
