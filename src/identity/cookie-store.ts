import Cookies from 'js-cookie';
import { decodeIdentity, encodeIdentity } from './cookie-codec';
import type { IdentityState } from './identity-state';

/** Where identity state persists between page loads. */
export interface IdentityStore {
  load(): IdentityState | null;
  save(state: IdentityState): void;
  clear(): void;
}

export interface CookieStoreOptions {
  name: string;
  /** '' for a host-only cookie. */
  domain: string;
}

/**
 * The attributes of every cookie tracklet writes, the domain probe's too: `SameSite=Lax`,
 * `Secure` on https, path `/`; a falsy domain or `secure` is left out (host-only, plain http).
 *
 * @example Cookies.set('tracklet_probe', '1', cookieAttributes('example.com'))
 */
export function cookieAttributes(domain: string) {
  return { domain, path: '/', sameSite: 'Lax', secure: location.protocol === 'https:' } as const;
}

// The codec's output is already cookie-safe; js-cookie's own escaping would only add bytes.
const rawCookies = Cookies.withConverter<string>({ read: (value) => value, write: (value) => value });
const EXPIRY_DAYS = 365;

/**
 * The identity cookie: one cookie, IDs only, `SameSite=Lax`, `Secure` on https, path `/`, a
 * year long. Every access is guarded: where cookies are blocked (or `document.cookie` throws, as
 * in sandboxed frames) loading finds nothing and saving does nothing, so identity lives in
 * memory for the page.
 *
 * @example createCookieStore({ name: 'tracklet_id', domain: 'example.com' })
 */
export function createCookieStore(options: CookieStoreOptions): IdentityStore {
  const attributes = { ...cookieAttributes(options.domain), expires: EXPIRY_DAYS };
  return {
    load() {
      try {
        return decodeIdentity(rawCookies.get(options.name));
      } catch {
        return null;
      }
    },
    save(state) {
      try {
        rawCookies.set(options.name, encodeIdentity(state), attributes);
      } catch {
        // Blocked cookies: identity stays in memory.
      }
    },
    clear() {
      try {
        rawCookies.remove(options.name, attributes);
      } catch {
        // Nothing stored, nothing to clear.
      }
    },
  };
}
