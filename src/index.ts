import { createTracker } from './tracker';

/**
 * tracklet's npm entry. Importing it touches no browser API (safe under server-side
 * rendering); the default instance starts working at `init()`.
 *
 * @example
 * import tracklet from 'tracklet';
 * tracklet.init({ serverUrl: 'https://collect.example.com/sa' });
 * tracklet.login('user_42');
 * tracklet.track('buttonClick', { color: 'red' });
 */
const tracklet = /* @__PURE__ */ createTracker();

export default tracklet;
export { createTracker };
export type {
  AutotrackOptions,
  BeforeSend,
  Identities,
  Payload,
  PayloadType,
  Properties,
  PropertyValue,
  SendType,
  SuperPropertyValue,
  Tracker,
  TrackerOptions,
  TrackletError,
} from './types';
