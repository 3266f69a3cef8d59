import type { Payload } from '../types';

/** Options of `stablePayloads`. */
export interface StableOptions {
  /** Keep only payloads of these types or event names (e.g. `['buy', 'profile_set']`). */
  types?: readonly string[];
  /** The test's `baseURL`: its origin becomes `<baseURL>` in every string. */
  baseURL?: string | undefined;
}

// What differs from run to run although the site did the same thing.
const DROPPED = ['time', '_track_id', '_flush_time'];
const ID_FIELDS = ['distinct_id', 'anonymous_id', 'original_id'];
const MASKED_PROPERTIES: Record<string, string> = {
  $screen_width: '<screen>',
  $screen_height: '<screen>',
  $viewport_width: '<viewport>',
  $viewport_height: '<viewport>',
  $timezone_offset: '<timezone>',
  $lib_version: '<version>',
  event_duration: '<duration>',
};
const LOOPBACK_PORT = /\b(localhost|127\.0\.0\.1|\[::1\]):\d+/g;

/**
 * Copies of `payloads` that compare equal from run to run, for `toMatchSnapshot`: `time`,
 * `_track_id` and `_flush_time` removed; generated IDs (the anonymous ID, the cookie ID in
 * `identities`, a `$SignUp`'s `original_id`) and `$session_id` replaced by numbered
 * placeholders in order of appearance (`<id 1>`, `<session 1>`), so a change of identity still
 * shows; screen and viewport sizes, the time zone, durations and the library version masked;
 * the test's origin and loopback ports replaced. Login IDs and the site's own properties stay.
 *
 * @example expect(JSON.stringify(stablePayloads(analytics.payloads), null, 2)).toMatchSnapshot('checkout.json');
 */
export function stablePayloads(payloads: readonly Payload[], options: StableOptions = {}): Record<string, unknown>[] {
  const ids = new Map<string, string>();
  const sessions = new Map<string, string>();
  const placeholder = (map: Map<string, string>, kind: string, value: string) => map.get(value) ?? (map.set(value, '<' + kind + ' ' + (map.size + 1) + '>'), map.get(value)!);
  // Login IDs are the test's own; the anonymous ones are generated.
  for (const payload of payloads) {
    const record = payload as unknown as Record<string, unknown>;
    const generated = [...ID_FIELDS.map((field) => record[field]), payload.identities?.$identity_cookie_id];
    for (const id of generated) if (typeof id === 'string' && id !== payload.login_id) placeholder(ids, 'id', id);
  }
  const origin = options.baseURL ? new URL(options.baseURL).origin : undefined;
  const text = (value: string) => {
    if (ids.has(value)) return ids.get(value)!;
    const local = origin ? value.split(origin).join('<baseURL>') : value;
    return local.replace(LOOPBACK_PORT, '$1:<port>');
  };
  const clean = (value: unknown, key = ''): unknown => {
    if (key in MASKED_PROPERTIES && value !== undefined) return MASKED_PROPERTIES[key];
    if (key === '$session_id' && typeof value === 'string') return placeholder(sessions, 'session', value);
    if (typeof value === 'string') return text(value);
    if (Array.isArray(value)) return value.map((item) => clean(item));
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clean(v, k)]));
    return value;
  };
  const top = (payload: Payload) => Object.fromEntries(Object.entries(payload).filter(([key]) => !DROPPED.includes(key)).map(([key, value]) => [key, clean(value, key)]));
  const kept = options.types ? payloads.filter((p) => options.types!.includes(p.type) || options.types!.includes(p.event ?? '')) : payloads;
  return kept.map(top);
}
