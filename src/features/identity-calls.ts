import { newUuid } from '../lib/ids';
import * as transitions from '../identity/transitions';
import type { Feature } from './feature';

const EVENT_NAMES = { track_signup: '$SignUp', track_id_bind: '$BindID', track_id_unbind: '$UnbindID' } as const;

/**
 * The identity calls beyond the anonymous ID every event carries: `identify`, `login`, `bind`,
 * `unbind`, `logout` and `resetAnonymousIdentity`, with the `$SignUp`, `$BindID` and
 * `$UnbindID` events they send (seed 001). A plugin for `tracklet/core`; built into the
 * `tracklet` entry and the script tag.
 *
 * @example
 * import tracklet, { identity } from 'tracklet/core';
 * tracklet.init({ serverUrl: 'https://collect.example.com/sa', plugins: [identity] });
 * tracklet.login('user_42');
 */
export const identity: Feature = {
  name: 'identity',
  setup({ identity: state, report, sendPayload }) {
    const apply = (method: string, transition: transitions.Transition) => {
      const outcome = state.apply(transition);
      if ('error' in outcome) return report('invalid_id', method + ': ' + outcome.error, method);
      const event = outcome.event;
      if (event) sendPayload(event.type, EVENT_NAMES[event.type], {}, event);
    };
    return {
      calls: {
        identify: (id: unknown) => apply('identify', transitions.identify(state.get(), id)),
        login: (id: unknown) => apply('login', transitions.login(state.get(), id)),
        bind: (key: unknown, value: unknown) => apply('bind', transitions.bind(state.get(), key, value)),
        unbind: (key: unknown, value: unknown) => apply('unbind', transitions.unbind(state.get(), key, value)),
        logout: () => apply('logout', transitions.logout(state.get())),
        resetAnonymousIdentity: (id: unknown) => apply('resetAnonymousIdentity', transitions.resetAnonymousIdentity(state.get(), id, newUuid())),
      },
    };
  },
};
