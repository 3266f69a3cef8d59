import { createTracker } from './tracker';
import type { Tracker } from './types';

/** The shape the loader snippet leaves on `window.tracklet` before this file arrives. */
interface Stub {
  _q?: [string, ArrayLike<unknown>, number][];
}

/**
 * The script-tag entry (built only into dist/tracklet.min.js): defines `window.tracklet` and
 * replays the calls the loader snippet recorded, with the times they were made.
 */
const stub = (window as unknown as { tracklet?: Stub }).tracklet;
let replaying: number | undefined;
const tracklet: Tracker = createTracker(undefined, () => replaying ?? Date.now());
(window as unknown as { tracklet: Tracker }).tracklet = tracklet;

for (const [method, args, time] of (stub && Array.isArray(stub._q) ? stub._q : []).slice(0, 1000)) {
  const fn = (tracklet as unknown as Record<string, unknown>)[method];
  if (typeof fn !== 'function') continue;
  replaying = time;
  try {
    fn.apply(tracklet, Array.prototype.slice.call(args));
  } finally {
    replaying = undefined;
  }
}
