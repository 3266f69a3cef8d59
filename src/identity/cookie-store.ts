import Cookies from 'js-cookie';
import type { Report } from '../lib/report';
import { readJson, removeItem, writeJson } from '../lib/web-storage';
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
  report: Report;
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
// Browsers keep a cookie's name and value up to 4096 bytes (attributes apart; RFC 6265 §6.1
// asks for at least 4096 in all) and silently refuse a longer one, keeping the old value.
const MAX_COOKIE = 4000;

/**
 * The identity's storage. The cookie (one, a year long, `SameSite=Lax`, `Secure` on https,
 * path `/`, on the registrable domain so that subdomains share the user) holds the cookie,
 * anonymous and login IDs only. Bound business IDs (`bind('$identity_email', ...)`) stay out
 * of it: a cookie on the registrable domain travels to, and can be read by, every subdomain.
 * They live in localStorage, which only this origin reads, beside a copy of the IDs that
 * says whose they are: they are used only while the cookie names the same cookie and login ID.
 * What is read is checked (see decodeIdentity); what is invalid is dropped, reported and
 * rewritten. A cookie that would pass 4 KB keeps the cookie and login IDs and leaves the
 * anonymous ID to this origin's copy, with a report. Every access is guarded: where cookies are
 * blocked (or `document.cookie` throws, as in sandboxed frames) loading finds nothing and
 * saving does nothing, so identity lives in memory for the page.
 *
 * @example createCookieStore({ name: 'tracklet_id', domain: 'example.com', report })
 */
export function createCookieStore(options: CookieStoreOptions): IdentityStore {
  const { name, report } = options;
  const attributes = { ...cookieAttributes(options.domain), expires: EXPIRY_DAYS };
  const localKey = name + '_ids';
  const store: IdentityStore = {
    load() {
      const problems: string[] = [];
      let text: string | undefined;
      try {
        text = rawCookies.get(name);
      } catch {
        return null;
      }
      let state = decodeIdentity(text, problems);
      const local = decodeIdentity(readJson(localKey), problems);
      // Bound IDs written into the cookie by an earlier version move to this origin's storage.
      const moved = state && Object.keys(state.bindings).length;
      let stale = !!local;
      if (state && local && local.cookieId === state.cookieId && local.loginId === state.loginId) {
        stale = false;
        state = {
          ...state,
          anonymousId: state.anonymousId === state.cookieId ? local.anonymousId : state.anonymousId,
          bindings: { ...local.bindings, ...state.bindings },
        };
      }
      for (const problem of problems) report('invalid_cookie', 'stored identity: ' + problem + '; dropped');
      // A stale copy (another user's, after a logout elsewhere) is overwritten at once.
      if (state && (moved || stale || problems.length)) store.save(state);
      return state;
    },
    save(state) {
      writeJson(localKey, encodeIdentity(state));
      let value = encodeIdentity(state, false);
      const over = name.length + value.length > MAX_COOKIE;
      // The anonymous ID can come back from this origin's copy; the login ID names the user.
      if (over) value = encodeIdentity({ ...state, anonymousId: state.cookieId }, false);
      if (name.length + value.length > MAX_COOKIE) value = encodeIdentity({ ...state, anonymousId: state.cookieId, loginId: '' }, false);
      if (over) report('cookie_too_large', 'the identity cookie would pass 4 KB (long IDs); written without the anonymous ID' + (state.loginId && !value.includes('&l=') ? ' and the login ID' : ''));
      try {
        rawCookies.set(name, value, attributes);
      } catch {
        // Blocked cookies: identity stays in memory.
      }
    },
    clear() {
      removeItem(localKey);
      try {
        rawCookies.remove(name, attributes);
      } catch {
        // Nothing stored, nothing to clear.
      }
    },
  };
  return store;
}
