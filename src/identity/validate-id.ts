import { ANONYMOUS_ID_KEY, COOKIE_ID_KEY, IDENTITY_PREFIX, LOGIN_ID_KEY } from './identity-state';

/** Longest ID accepted, as the seed manual's rule for `distinct_id` (under 255 characters). */
export const MAX_ID_LENGTH = 255;

export type Checked = { ok: true; value: string } | { ok: false; reason: string };

/**
 * Accepts an ID: a non-blank string of at most 255 characters, or a finite number (a common
 * mistake with numeric user IDs), which becomes its decimal string. Anything else is refused.
 *
 * @example checkId(42) // { ok: true, value: '42' }
 */
export function checkId(value: unknown): Checked {
  if (typeof value === 'number' && Number.isFinite(value)) value = String(value);
  if (typeof value !== 'string') return { ok: false, reason: 'must be a string, got ' + describe(value) };
  if (!value.trim()) return { ok: false, reason: 'must not be empty or blank' };
  if (value.length > MAX_ID_LENGTH) return { ok: false, reason: 'must be at most ' + MAX_ID_LENGTH + ' characters' };
  return { ok: true, value };
}

const NAME_RULE = /^[a-zA-Z][a-zA-Z0-9_]{0,79}$/;
const MANAGED_KEYS = [COOKIE_ID_KEY, LOGIN_ID_KEY, ANONYMOUS_ID_KEY];

/**
 * Accepts a business-ID key for `bind`/`unbind`: `$identity_mobile` or the bare `mobile`
 * (prefixed for the caller). The keys tracklet manages itself are refused: they change through
 * `login`, `identify` and `resetAnonymousIdentity`.
 *
 * @example checkIdentityKey('email') // { ok: true, value: '$identity_email' }
 */
export function checkIdentityKey(key: unknown): Checked {
  if (typeof key !== 'string') return { ok: false, reason: 'must be a string, got ' + describe(key) };
  const name = key.startsWith(IDENTITY_PREFIX) ? key.slice(IDENTITY_PREFIX.length) : key;
  if (!NAME_RULE.test(name)) {
    return { ok: false, reason: 'must be "$identity_" and a name of letters, digits and "_" starting with a letter' };
  }
  const full = IDENTITY_PREFIX + name;
  if (MANAGED_KEYS.includes(full)) return { ok: false, reason: 'is managed by tracklet; use login() or identify()' };
  return { ok: true, value: full };
}

function describe(value: unknown): string {
  return value === null ? 'null' : typeof value;
}
