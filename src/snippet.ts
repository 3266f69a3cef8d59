import { withAutotrack } from './autotrack/plugin';
import { createReport } from './lib/report';
import { buildTracker } from './tracker';
import type { Tracker, TrackerOptions } from './types';

/** A call the loader snippet recorded: method, arguments, time, and for read-outs the promise's resolve. */
type QueuedCall = [string, ArrayLike<unknown>, number, ((value: unknown) => void)?];

/** The shape the loader snippet (docs/loader-snippet.html) leaves on `window.tracklet`. */
interface Stub {
  _q?: QueuedCall[];
  /** Calls the loader dropped once it held its limit, counted by method. */
  _d?: Record<string, number>;
}

/**
 * The script-tag entry (built only into dist/tracklet.min.js): defines `window.tracklet` and
 * replays the calls the loader snippet recorded, with the times they were made; the promises
 * the loader returned for `flush()` and the read-outs resolve with the real answers.
 */
const stub = (window as unknown as { tracklet?: Stub }).tracklet;
let replaying: number | undefined;
const tracklet: Tracker = buildTracker(withAutotrack, undefined, () => replaying ?? Date.now());
(window as unknown as { tracklet: Tracker }).tracklet = tracklet;

const queued = stub && Array.isArray(stub._q) ? stub._q : [];
for (const [method, args, time, resolve] of queued) {
  const fn = (tracklet as unknown as Record<string, unknown>)[method];
  if (typeof fn !== 'function') continue;
  replaying = time;
  try {
    const result: unknown = fn.apply(tracklet, Array.prototype.slice.call(args));
    if (typeof resolve === 'function') resolve(result);
  } finally {
    replaying = undefined;
  }
}
reportDropped(stub?._d, queued.find(([method]) => method === 'init')?.[1][0] as TrackerOptions | undefined);

// What the loader could not keep goes to the onError of the queued init() (and the console in
// debug mode), like every other problem.
function reportDropped(dropped: Record<string, number> | undefined, options: TrackerOptions | undefined) {
  const counts = Object.keys(dropped || {}).map((method) => method + ' ' + dropped![method]);
  if (!counts.length) return;
  const report = createReport({ debug: () => !!options?.debugMode, onError: () => options?.onError });
  report('not_initialized', 'loader: over 1000 calls before the script arrived; dropped: ' + counts.join(', '));
}
