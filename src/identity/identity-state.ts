import type { Identities } from '../types';

/** Keys of the identities tracklet itself manages; callers cannot `bind` them. */
export const COOKIE_ID_KEY = '$identity_cookie_id';
export const LOGIN_ID_KEY = '$identity_login_id';
export const ANONYMOUS_ID_KEY = '$identity_anonymous_id';
export const IDENTITY_PREFIX = '$identity_';

/**
 * Who the user is. `cookieId` names this browser (fixed until `resetAnonymousIdentity`),
 * `anonymousId` starts equal to it and may be replaced by `identify`, `loginId` is '' while
 * anonymous, and `bindings` maps full identity keys (`$identity_mobile`) to values.
 */
export interface IdentityState {
  readonly cookieId: string;
  readonly anonymousId: string;
  readonly loginId: string;
  readonly bindings: Readonly<Record<string, string>>;
}

/** The ID the collector files events under: the login ID when logged in. */
export function distinctIdOf(state: IdentityState): string {
  return state.loginId || state.anonymousId;
}

/**
 * The `identities` object of a payload, in the seed's key order: cookie, login, bound IDs,
 * anonymous.
 *
 * @example identitiesOf(state) // { $identity_cookie_id: 'c', $identity_anonymous_id: 'c' }
 */
export function identitiesOf(state: IdentityState): Identities {
  const identities: Identities = { [COOKIE_ID_KEY]: state.cookieId };
  if (state.loginId) identities[LOGIN_ID_KEY] = state.loginId;
  for (const key of Object.keys(state.bindings)) identities[key] = state.bindings[key]!;
  identities[ANONYMOUS_ID_KEY] = state.anonymousId;
  return identities;
}

/** A fresh anonymous state for a browser tracklet has not seen before. */
export function freshState(id: string): IdentityState {
  return { cookieId: id, anonymousId: id, loginId: '', bindings: {} };
}
