import { randomInt } from 'node:crypto';

type Payload = Record<string, unknown>;

/**
 * Produces the payloads the SDK sends for one browser, following shared/seeds/001 (identify,
 * login, bind, unbind, logout, resetAnonymousIdentity) without a browser, so the collector's
 * identity rules can be tested in Node. The browser tests check the real SDK end to end.
 */
export function fakeBrowser(cookieId: string) {
  const state = { cookie: cookieId, anonymous: cookieId, login: '', bindings: {} as Record<string, string> };
  let clock = 1711621218552;

  function payload(type: string, event: string | undefined, extra: Payload = {}): Payload {
    const identities: Record<string, string> = { $identity_cookie_id: state.cookie };
    if (state.login) identities.$identity_login_id = state.login;
    Object.assign(identities, state.bindings, { $identity_anonymous_id: state.anonymous });
    const time = ++clock;
    return {
      identities,
      distinct_id: state.login || state.anonymous,
      lib: { $lib: 'js', $lib_method: 'code', $lib_version: '0.1.0' },
      properties: {},
      ...(state.login ? { login_id: state.login } : {}),
      anonymous_id: state.anonymous,
      type,
      ...(event ? { event } : {}),
      time,
      _track_id: randomInt(1, 2 ** 47),
      ...extra,
    };
  }

  return {
    state,
    track: (event = '$pageview', properties: Payload = {}) => payload('track', event, { properties }),
    identify(id: string) {
      state.anonymous = id;
    },
    login(id: string) {
      const original = state.anonymous;
      if (state.login && state.login !== id) state.bindings = {};
      state.login = id;
      return payload('track_signup', '$SignUp', { original_id: original });
    },
    bind(key: string, value: string) {
      state.bindings[key] = value;
      return payload('track_id_bind', '$BindID');
    },
    unbind(key: string, value: string) {
      const { login_id: _login, anonymous_id: _anonymous, ...rest } = payload('track_id_unbind', '$UnbindID', { identities: { [key]: value } });
      delete state.bindings[key];
      return rest;
    },
    logout() {
      state.login = '';
      state.bindings = {};
    },
    resetAnonymousIdentity(id: string) {
      state.cookie = state.anonymous = id;
    },
    profile: (type: string, properties: Payload) => payload(type, undefined, { properties }),
  };
}
