import tracklet, { createTracker } from '../index';

/**
 * The CommonJS face of `tracklet`: `require('tracklet')` is the default tracker, with
 * `createTracker` and `default` on it, so `require('tracklet').init(...)`,
 * `require('tracklet').createTracker(...)` and compiled `import tracklet from 'tracklet'` all work.
 *
 * @example const tracklet = require('tracklet'); tracklet.init({ serverUrl: '/sa' });
 */
export default Object.assign(tracklet, { createTracker, default: tracklet });
