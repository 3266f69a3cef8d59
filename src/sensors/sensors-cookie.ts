import Cookies from 'js-cookie';
import type { IdentityState } from '../identity/identity-state';
import { ANONYMOUS_ID_KEY, COOKIE_ID_KEY, LOGIN_ID_KEY } from '../identity/identity-state';
import { checkId, checkIdentityKey } from '../identity/validate-id';

/** What the Sensors SDK left in this browser, as far as tracklet can use it. */
export interface SensorsVisitor {
  /** The cookie we read it from. */
  cookie: string;
  identity: IdentityState;
  /** Sensors' new-user cookie is set (it lasts until the end of the first day). */
  firstDay: boolean;
  /** The `$latest_*` attribution properties. */
  latest: Record<string, unknown>;
  /** The other properties: what `register()` stored (Sensors keeps them in the cookie). */
  supers: Record<string, unknown>;
}

interface Stored {
  distinct_id?: unknown;
  first_id?: unknown;
  $device_id?: unknown;
  props?: Record<string, unknown>;
  identities?: unknown;
}

/**
 * The names the Sensors web SDK gives its cookie: `sensorsdata2015jssdkcross` with
 * `cross_subdomain` (its default), else `sa_jssdk_2015_<host, dots as _>` or
 * `sa_jssdk_2015_root`.
 */
const cookieNames = () => ['sensorsdata2015jssdkcross', 'sa_jssdk_2015_' + location.hostname.replace(/\./g, '_'), 'sa_jssdk_2015_root'];

/**
 * Reads the Sensors SDK's identity cookie: distinct ID, `first_id` (the anonymous ID while
 * logged in), the base64 `identities` (cookie ID, login ID, bound IDs) and `props`. IDs that
 * break tracklet's ID rules are left out; without a usable cookie ID (or anonymous ID to stand
 * for it) the visitor is undefined. An encrypted cookie (`encrypt_cookie`) is not read.
 * Never throws.
 *
 * @example readSensorsVisitor()?.identity.loginId // 'user_42'
 */
export function readSensorsVisitor(): SensorsVisitor | undefined {
  try {
    for (const name of cookieNames()) {
      const text = Cookies.get(name);
      if (!text) continue;
      const visitor = parse(JSON.parse(text) as Stored, name);
      if (visitor) return visitor;
    }
  } catch {
    // Not JSON (encrypted, or another site's cookie of that name): a new visitor.
  }
  return undefined;
}

function parse(stored: Stored, cookie: string): SensorsVisitor | undefined {
  const id = (value: unknown) => {
    const checked = checkId(value);
    return checked.ok ? checked.value : '';
  };
  const identities = decodeIdentities(stored.identities);
  const firstId = id(stored.first_id);
  // Sensors: while logged in distinct_id is the login ID and first_id the anonymous ID.
  const anonymousId = id(identities[ANONYMOUS_ID_KEY]) || firstId || id(stored.distinct_id);
  const loginId = id(identities[LOGIN_ID_KEY]) || (firstId ? id(stored.distinct_id) : '');
  const cookieId = id(identities[COOKIE_ID_KEY]) || id(stored.$device_id) || anonymousId;
  if (!cookieId) return undefined;
  const bindings: Record<string, string> = {};
  for (const key of Object.keys(identities)) {
    const checkedKey = checkIdentityKey(key);
    const value = id(identities[key]);
    if (checkedKey.ok && value && key === checkedKey.value) bindings[key] = value;
  }
  const latest: Record<string, unknown> = {};
  const supers: Record<string, unknown> = {};
  const props = stored.props && typeof stored.props === 'object' ? stored.props : {};
  // Never `__proto__` (a parsed cookie may hold it as an own key): it would set a prototype.
  for (const key of Object.keys(props)) if (key !== '__proto__') (key.startsWith('$latest_') ? latest : supers)[key] = props[key];
  return {
    cookie,
    identity: { cookieId, anonymousId: anonymousId || cookieId, loginId, bindings },
    firstDay: Object.keys(Cookies.get()).some((name) => name === 'sensorsdata_is_new_user' || /^sajssdk_2015_.*new_user/.test(name)),
    latest,
    supers,
  };
}

// Sensors writes identities as base64 of their UTF-8 JSON; another encoding (a "\n/" prefix)
// yields none, and the IDs then come from distinct_id and first_id.
function decodeIdentities(value: unknown): Record<string, unknown> {
  if (typeof value !== 'string' || !value || value.startsWith('\n/')) return {};
  try {
    const bytes = Uint8Array.from(atob(value), (char) => char.charCodeAt(0));
    const parsed: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
