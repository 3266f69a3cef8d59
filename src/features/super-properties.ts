import { createSuperProperties } from '../events/super-properties';
import type { Feature } from './feature';

/**
 * Super properties, added to every `track()` event: `registerSuperProperties`,
 * `unregisterSuperProperty`, `clearSuperProperties` and `getSuperProperties`. A plugin for
 * `tracklet/core`; built into the `tracklet` entry and the script tag.
 *
 * @example
 * import tracklet, { superProperties } from 'tracklet/core';
 * tracklet.init({ serverUrl: 'https://collect.example.com/sa', plugins: [superProperties] });
 * tracklet.registerSuperProperties({ appVersion: '2.1' });
 */
export const superProperties: Feature = {
  name: 'superProperties',
  setup({ cookieName, report, clean }) {
    const supers = createSuperProperties(cookieName + '_super', report);
    const where = 'registerSuperProperties';
    return {
      calls: {
        // Cleaned twice: the caller's input, then the merged set for the 100-property limit.
        registerSuperProperties: (input: unknown) => supers.set(clean({ ...supers.get(), ...clean(input, where, where, 'fn') }, where, where, 'fn')),
        unregisterSuperProperty: (key: string) => supers.unregister(key),
        clearSuperProperties: () => supers.clear(),
        getSuperProperties: () => supers.get(),
      },
      beforeTrack: (event, where) => clean(supers.get(), where, 'track', 'any', event),
      forgetUser: () => supers.clear(),
    };
  },
};
