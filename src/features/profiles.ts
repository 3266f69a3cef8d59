import { keysAsProperties, PROFILE_CALLS, type ProfileMethod } from '../events/profile';
import type { Feature } from './feature';

/**
 * The profile calls: `setProfile`, `setOnceProfile`, `incrementProfile`, `appendProfile`,
 * `unsetProfile` and `deleteProfile`. A plugin for `tracklet/core`; built into the `tracklet`
 * entry and the script tag.
 *
 * @example
 * import tracklet, { profiles } from 'tracklet/core';
 * tracklet.init({ serverUrl: 'https://collect.example.com/sa', plugins: [profiles] });
 * tracklet.setProfile({ plan: 'pro' });
 */
export const profiles: Feature = {
  name: 'profiles',
  setup({ clean, report, sendPayload }) {
    const calls: Record<string, (input: unknown) => void> = {};
    for (const method of Object.keys(PROFILE_CALLS) as ProfileMethod[]) {
      calls[method] = (input) => {
        const [type, kind] = PROFILE_CALLS[method];
        if (type === 'profile_delete') return sendPayload(type, undefined, {});
        const props = clean(type === 'profile_unset' ? keysAsProperties(input) : input, method, method, kind);
        if (!Object.keys(props).length) return report('invalid_property', method + ': no valid property; not sent', method);
        sendPayload(type, undefined, props);
      };
    }
    return { calls };
  },
};
