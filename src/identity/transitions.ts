import type { Identities } from '../types';
import { freshState, type IdentityState } from './identity-state';
import { checkId, checkIdentityKey } from './validate-id';

/** The event an identity call asks the tracker to send, if any. */
export type IdentityEvent =
  | { type: 'track_signup'; originalId: string }
  | { type: 'track_id_bind' }
  | { type: 'track_id_unbind'; identities: Identities };

/** The outcome of a call: a new state (maybe the same object) and its event, or a refusal. */
export type Transition = { state: IdentityState; event?: IdentityEvent } | { error: string };

/**
 * `identify(id)`: replaces the anonymous ID; the cookie ID stays. While logged in the
 * distinct ID stays the login ID (seed 2.1).
 */
export function identify(state: IdentityState, rawId: unknown): Transition {
  const id = checkId(rawId);
  if (!id.ok) return { error: 'the anonymous ID ' + id.reason };
  return { state: id.value === state.anonymousId ? state : { ...state, anonymousId: id.value } };
}

/**
 * `login(id)`: sets the login ID and emits `$SignUp` with `original_id` = the anonymous ID
 * (seed 2.2). The same ID again is a no-op. Another ID while logged in switches accounts: the
 * old account's bound IDs are dropped (they were that account's), then the new login proceeds.
 * An ID equal to the anonymous ID is accepted and still emits `$SignUp`: it links the login ID
 * to the cookie ID.
 */
export function login(state: IdentityState, rawId: unknown): Transition {
  const id = checkId(rawId);
  if (!id.ok) return { error: 'the login ID ' + id.reason };
  if (id.value === state.loginId) return { state };
  const bindings = state.loginId ? {} : state.bindings;
  return {
    state: { ...state, loginId: id.value, bindings },
    event: { type: 'track_signup', originalId: state.anonymousId },
  };
}

/**
 * `bind(key, value)`: remembers a business ID and emits `$BindID` (seed 2.3). Binding the pair
 * already bound emits nothing, so a site may call it on every page load; a new value for a key
 * replaces the remembered one (the collector keeps both links until an `unbind`).
 */
export function bind(state: IdentityState, rawKey: unknown, rawValue: unknown): Transition {
  const checked = checkPair(rawKey, rawValue);
  if ('error' in checked) return checked;
  const [key, value] = checked;
  if (state.bindings[key] === value) return { state };
  return { state: { ...state, bindings: { ...state.bindings, [key]: value } }, event: { type: 'track_id_bind' } };
}

/**
 * `unbind(key, value)`: emits `$UnbindID` whose identities hold only that pair (seed 2.4) and
 * forgets the pair if this browser had it. A pair this browser never bound is still sent: it
 * may have been bound on another device, and unlinking it is the caller's intent.
 */
export function unbind(state: IdentityState, rawKey: unknown, rawValue: unknown): Transition {
  const checked = checkPair(rawKey, rawValue);
  if ('error' in checked) return checked;
  const [key, value] = checked;
  const event: IdentityEvent = { type: 'track_id_unbind', identities: { [key]: value } };
  if (state.bindings[key] !== value) return { state, event };
  const bindings = { ...state.bindings };
  delete bindings[key];
  return { state: { ...state, bindings }, event };
}

/** `logout()`: forgets the login ID and every bound ID, and emits nothing (seed 2.5). */
export function logout(state: IdentityState): Transition {
  if (!state.loginId && !Object.keys(state.bindings).length) return { state };
  return { state: { ...state, loginId: '', bindings: {} } };
}

/**
 * `resetAnonymousIdentity(id?)`: a new anonymous user: cookie ID and anonymous ID both become
 * `id`, or `newId` when none is given (seed 2.6). Refused while logged in, where the seed says
 * it has no effect: call `logout()` first.
 */
export function resetAnonymousIdentity(state: IdentityState, rawId: unknown, newId: string): Transition {
  if (state.loginId) return { error: 'is ignored while logged in; call logout() first' };
  if (rawId === undefined) return { state: freshState(newId) };
  const id = checkId(rawId);
  if (!id.ok) return { error: 'the anonymous ID ' + id.reason };
  return { state: freshState(id.value) };
}

function checkPair(rawKey: unknown, rawValue: unknown): [string, string] | { error: string } {
  const key = checkIdentityKey(rawKey);
  if (!key.ok) return { error: 'the key ' + key.reason };
  const value = checkId(rawValue);
  if (!value.ok) return { error: 'the value of ' + key.value + ' ' + value.reason };
  return [key.value, value.value];
}
