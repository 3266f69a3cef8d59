import { createSensorsFacade } from './facade';
import type { SensorsFacade } from './types';

/** What Sensors' async loader snippet leaves under the name it puts in `sensorsDataAnalytic201505`. */
interface LoaderStub {
  para?: Record<string, unknown>;
  _q?: [string, ArrayLike<unknown>][];
}

/**
 * The script-tag entry (dist/tracklet-sensors.min.js), in place of Sensors'
 * `sensorsdata.min.js`. Loaded by a plain script tag, it defines `sensorsDataAnalytic201505`
 * for the page to call `init()` on. Loaded by Sensors' async loader snippet, which left the
 * global name (e.g. 'sensors') in `sensorsDataAnalytic201505` and a stub under that name
 * holding the init options (`para`) and the calls made meanwhile (`_q`), it initializes with
 * `para` and replays the calls in order, as the Sensors SDK does; then both globals are the
 * facade. A second copy of the file leaves the first in place.
 */
const w = window as unknown as Record<string, unknown>;
const found = w.sensorsDataAnalytic201505;
if (!found || typeof found === 'string') {
  const sensors: SensorsFacade = createSensorsFacade();
  const name = typeof found === 'string' ? found : '';
  const stub = (name && w[name]) as LoaderStub | undefined;
  w.sensorsDataAnalytic201505 = sensors;
  if (name) w[name] = sensors;
  if (stub && stub.para) sensors.init(stub.para as never);
  for (const [method, args] of stub && Array.isArray(stub._q) ? stub._q : []) {
    const fn = sensors[method];
    if (typeof fn === 'function') fn.apply(sensors, Array.prototype.slice.call(args));
    else console.warn('[tracklet] sensors.' + method + '() is not a call the facade knows; ignored');
  }
}
