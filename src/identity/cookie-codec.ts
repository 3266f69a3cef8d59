import { IDENTITY_PREFIX, type IdentityState } from './identity-state';

const BOUND = 'i_';

/**
 * Writes the identity as a short query string: `c` cookie ID, `a` anonymous ID (only when it
 * differs), `l` login ID, `i_<name>` bound IDs. IDs only, nothing else. URLSearchParams escapes
 * everything a cookie value may not hold (`;`, `,`, spaces, quotes), so no second escaping is
 * needed.
 *
 * @example encodeIdentity(freshState('u1')) // 'c=u1'
 */
export function encodeIdentity(state: IdentityState): string {
  const params = new URLSearchParams({ c: state.cookieId });
  if (state.anonymousId !== state.cookieId) params.set('a', state.anonymousId);
  if (state.loginId) params.set('l', state.loginId);
  for (const key of Object.keys(state.bindings)) {
    params.set(BOUND + key.slice(IDENTITY_PREFIX.length), state.bindings[key]!);
  }
  return params.toString();
}

/**
 * Reads what `encodeIdentity` wrote; null for a missing or foreign value, so a damaged cookie
 * costs a new anonymous ID rather than an exception.
 *
 * @example decodeIdentity('c=u1&l=alice')?.loginId // 'alice'
 */
export function decodeIdentity(text: string | undefined): IdentityState | null {
  if (!text) return null;
  const params = new URLSearchParams(text);
  const cookieId = params.get('c');
  if (!cookieId) return null;
  const bindings: Record<string, string> = {};
  params.forEach((value, key) => {
    if (key.startsWith(BOUND) && value) bindings[IDENTITY_PREFIX + key.slice(BOUND.length)] = value;
  });
  return { cookieId, anonymousId: params.get('a') || cookieId, loginId: params.get('l') || '', bindings };
}
