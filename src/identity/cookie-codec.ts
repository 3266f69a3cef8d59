import { IDENTITY_PREFIX, type IdentityState } from './identity-state';
import { checkId, checkIdentityKey } from './validate-id';

const BOUND = 'i_';

/**
 * Writes the identity as a short query string: `c` cookie ID, `a` anonymous ID (only when it
 * differs), `l` login ID, and with `bound` the `i_<name>` bound IDs. IDs only, nothing else.
 * URLSearchParams escapes everything a cookie value may not hold (`;`, `,`, spaces, quotes),
 * so no second escaping is needed.
 *
 * @example encodeIdentity(freshState('u1')) // 'c=u1'
 */
export function encodeIdentity(state: IdentityState, bound = true): string {
  const params = new URLSearchParams({ c: state.cookieId });
  if (state.anonymousId !== state.cookieId) params.set('a', state.anonymousId);
  if (state.loginId) params.set('l', state.loginId);
  if (bound) {
    for (const key of Object.keys(state.bindings)) params.set(BOUND + key.slice(IDENTITY_PREFIX.length), state.bindings[key]!);
  }
  return params.toString();
}

/**
 * Reads what `encodeIdentity` wrote, checking each value as the identity calls check theirs:
 * the site or a sibling subdomain may have written the cookie, and one invalid ID (300
 * characters, a bad key) would make every later event fail at the collector. What is invalid
 * is left out and described in `problems`; an invalid or missing cookie ID makes the whole
 * value null (a new anonymous user), as does a missing value. Never throws.
 *
 * @example decodeIdentity('c=u1&l=alice')?.loginId // 'alice'
 */
export function decodeIdentity(text: unknown, problems: string[] = []): IdentityState | null {
  if (!text) return null;
  // A string always: the stored copy is parsed JSON, and a list would make URLSearchParams throw.
  const params = new URLSearchParams('' + text);
  const id = (name: string, field: string) => {
    const value = params.get(field);
    if (value === null) return '';
    const checked = checkId(value);
    if (checked.ok) return checked.value;
    problems.push('the ' + name + ' ' + checked.reason);
    return '';
  };
  const cookieId = id('cookie ID', 'c');
  if (!cookieId) return problems.push('no valid cookie ID'), null;
  const bindings: Record<string, string> = {};
  params.forEach((value, field) => {
    if (!field.startsWith(BOUND)) return;
    const key = checkIdentityKey(field.slice(BOUND.length));
    const checked = checkId(value);
    if (!key.ok) problems.push('the bound ID key ' + JSON.stringify(field.slice(0, 40)) + ' ' + key.reason);
    else if (!checked.ok) problems.push('the bound ID ' + key.value + ' ' + checked.reason);
    else bindings[key.value] = checked.value;
  });
  return { cookieId, anonymousId: id('anonymous ID', 'a') || cookieId, loginId: id('login ID', 'l'), bindings };
}
